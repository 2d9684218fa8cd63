from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import services


@shared_task
def rappeler_mesures_manquantes() -> int:
    """Tâche quotidienne (Celery beat) : les rappels du 10 du mois, idempotents."""
    url = f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{reverse('indicateurs:saisie_mensuelle')}"
    return services.rappels_mesures_manquantes(aujourdhui=timezone.localdate(), url_saisie=url)
