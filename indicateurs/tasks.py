from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from qualite.liens import adresse_absolue

from . import services


@shared_task
def rappeler_mesures_manquantes() -> int:
    """Tâche quotidienne (Celery beat) : les rappels du 10 du mois, idempotents."""
    url = adresse_absolue(reverse("indicateurs:saisie_mensuelle"))
    return services.rappels_mesures_manquantes(aujourdhui=timezone.localdate(), url_saisie=url)
