"""Tâches Celery du plan d'actions (minces : elles appellent un service)."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def relances_quotidiennes() -> int:
    """Lancée chaque matin par Celery beat ; renvoie le nombre de courriels programmés."""
    return services.relances_envoyer(aujourdhui=timezone.localdate()).programmes


@shared_task
def cloturer_annees_passees() -> list[int]:
    """Lancée par Celery beat : clôt l'année écoulée dès le 1er janvier (et toute année passée restée ouverte)."""
    return services.annees_cloturer(aujourdhui=timezone.localdate())
