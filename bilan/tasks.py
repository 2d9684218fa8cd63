"""Tâches Celery du bilan : minces, elles prennent l'identifiant de la demande (ou rien) et appellent le service."""

import logging

from django.conf import settings

from qualite.celery import ERREURS_PASSAGERES, TacheQualite, app

from . import services
from .presentation import services as services_presentation

journal = logging.getLogger(__name__)


class TacheBilan(TacheQualite):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Relances épuisées ou erreur non passagère : la demande passe en échec, avec la raison."""
        services.bilan_marquer_echec(demande_id=args[0], raison=_raison(exc))


def _raison(exc: BaseException) -> str:
    if isinstance(exc, ERREURS_PASSAGERES):
        return f"Service indisponible après plusieurs essais ({exc.__class__.__name__} : {exc})."
    return f"{exc.__class__.__name__} : {exc}"


@app.task(base=TacheBilan)
def generer_bilan(demande_id: int) -> None:
    try:
        services.bilan_generer(demande_id=demande_id)
    except ERREURS_PASSAGERES:
        raise  # rejouée par TacheQualite (autoretry_for)
    except Exception as exc:
        journal.exception("Échec de la génération du bilan (demande %s)", demande_id)
        services.bilan_marquer_echec(demande_id=demande_id, raison=_raison(exc))


class TachePresentation(TacheQualite):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        services_presentation.presentation_marquer_echec(demande_id=args[0], raison=_raison(exc))


@app.task(base=TachePresentation)
def generer_presentation(demande_id: int) -> None:
    try:
        services_presentation.presentation_generer(demande_id=demande_id)
    except ERREURS_PASSAGERES:
        raise  # rejouée par TacheQualite (autoretry_for)
    except Exception as exc:
        journal.exception("Échec de la génération du diaporama (demande %s)", demande_id)
        services_presentation.presentation_marquer_echec(demande_id=demande_id, raison=_raison(exc))


@app.task
def relancer_demandes_non_envoyees() -> int:
    """Périodique (beat) : republie les demandes (bilans et diaporamas) restées en attente quand le courtier
    était injoignable."""
    anciennete = settings.QUALITE_RELANCE_ANCIENNETE_SECONDES
    return services.bilan_relancer_non_envoyees(
        anciennete_secondes=anciennete
    ) + services_presentation.presentation_relancer_non_envoyees(anciennete_secondes=anciennete)
