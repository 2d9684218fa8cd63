from celery import shared_task

from . import services


@shared_task
def envoyer_courriel(courriel_id: int) -> None:
    services.courriel_envoyer(courriel_id=courriel_id)
