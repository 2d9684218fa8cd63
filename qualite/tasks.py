"""Tâches Celery du socle : minces, elles appellent une fonction du noyau."""

from celery import shared_task

from .imports import purger_attente


@shared_task
def purger_imports_en_attente() -> int:
    """Périodique (beat, chaque heure) : les aperçus d'import abandonnés depuis plus de 24 heures sont supprimés."""
    return purger_attente(anciennete_secondes=24 * 3600)
