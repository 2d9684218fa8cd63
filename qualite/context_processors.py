from django.conf import settings

from .accessibilite import audit
from .identite import identite
from .navigation import entrees_pour


def qualite(request) -> dict:
    prefecture = identite()
    return {
        "IDENTITE": prefecture,
        "PREFECTURE_NOM": prefecture.nom,
        "SITE_TITRE": settings.SITE_TITRE,
        "navigation": entrees_pour(request),
        "ACCESSIBILITE_ETAT": audit().etat,
    }
