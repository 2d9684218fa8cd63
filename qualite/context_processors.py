from django.conf import settings

from .identite import identite
from .navigation import entrees_pour, menu_pour


def qualite(request) -> dict:
    prefecture = identite()
    navigation = entrees_pour(request)
    return {
        "IDENTITE": prefecture,
        "PREFECTURE_NOM": prefecture.nom,
        "SITE_TITRE": settings.SITE_TITRE,
        "navigation": navigation,
        "menu": menu_pour(navigation),
    }
