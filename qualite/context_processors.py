from django.conf import settings

from .accessibilite import audit
from .identite import identite
from .middleware import secondes_restantes
from .navigation import entrees_pour, menu_pour


def _session(request) -> dict:
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not utilisateur.is_authenticated or not hasattr(request, "session"):
        return {}
    restant, prolongeable = secondes_restantes(request)
    return {"SESSION_RESTANT": restant, "SESSION_PROLONGEABLE": prolongeable}


def qualite(request) -> dict:
    prefecture = identite()
    navigation = entrees_pour(request)
    return {
        **_session(request),
        "IDENTITE": prefecture,
        "PREFECTURE_NOM": prefecture.nom,
        "SITE_TITRE": settings.SITE_TITRE,
        "navigation": navigation,
        "menu": menu_pour(navigation),
        "PROCONNECT_ACTIVE": settings.OIDC_ACTIVE,
        "ACCESSIBILITE_ETAT": audit().etat,
    }
