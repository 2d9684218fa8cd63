"""L'adresse publique du site (réglage SITE_URL) : les liens des courriels sont absolus, ils s'ouvrent depuis une
messagerie, hors de toute requête."""

from urllib.parse import urlsplit

from django.conf import settings


def adresse_absolue(chemin: str) -> str:
    """« https://qualite.prefecture.gouv.fr/plan-actions/1/ » pour « /plan-actions/1/ »."""
    return f"{settings.SITE_URL}{chemin}"


def domaine_et_securite() -> tuple[str, bool]:
    """Le domaine de SITE_URL et son protocole sécurisé ou non (gabarits de courriel de Django)."""
    adresse = urlsplit(settings.SITE_URL)
    return adresse.netloc, adresse.scheme == "https"
