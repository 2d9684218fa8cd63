from django.conf import settings

from .navigation import entrees_pour


def qualite(request) -> dict:
    return {
        "PREFECTURE_NOM": settings.PREFECTURE_NOM,
        "SITE_TITRE": settings.SITE_TITRE,
        "navigation": entrees_pour(request),
    }
