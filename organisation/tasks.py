"""Tâches Celery du journal des courriels : minces, elles prennent l'identifiant (ou rien) et appellent le service."""

from celery import shared_task
from django.conf import settings

from .services import courriels


@shared_task
def envoyer_courriel(courriel_id: int) -> None:
    courriels.courriel_envoyer(courriel_id=courriel_id)


@shared_task
def relancer_courriels_non_envoyes() -> int:
    """Périodique (beat) : republie les courriels restés en attente quand le courtier était injoignable."""
    return courriels.courriel_relancer_non_envoyes(anciennete_secondes=settings.QUALITE_RELANCE_ANCIENNETE_SECONDES)
