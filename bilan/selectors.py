"""Lectures du bilan : les demandes et leur état, le texte d'une année et son historique."""

from django.db.models import Model, QuerySet

from .models import DemandeBilan, Narratif


def demandes() -> QuerySet[DemandeBilan]:
    """Toutes les demandes, les plus récentes d'abord, avec le demandeur (une requête)."""
    return DemandeBilan.objects.select_related("demandeur").order_by("-creee_le", "-pk")


def il_y_a_une_demande_active() -> bool:
    return DemandeBilan.objects.actives().exists()


def narratif_de(annee: int) -> Narratif | None:
    return Narratif.objects.filter(annee=annee).first()


def historique_narratif(narratif: Narratif | None, n: int = 10) -> list[Model]:
    """Les dernières versions du texte (enregistrements historiques de simple_history)."""
    if narratif is None:
        return []
    return list(narratif.history.select_related("history_user").order_by("-history_date")[:n])


def annees_redigees() -> list[int]:
    return list(Narratif.objects.values_list("annee", flat=True))
