"""Lectures du bilan : les demandes et leur état, le texte d'une année et son historique."""

from django.db.models import Model, QuerySet

from .models import DemandeBilan, DemandePresentation, MasquePresentation, Narratif


def demandes() -> QuerySet[DemandeBilan]:
    """Toutes les demandes, les plus récentes d'abord, avec le demandeur (une requête)."""
    return DemandeBilan.objects.select_related("demandeur").order_by("-creee_le", "-pk")


def narratif_de(annee: int) -> Narratif | None:
    return Narratif.objects.filter(annee=annee).first()


def historique_narratif(narratif: Narratif | None, n: int = 10) -> list[Model]:
    """Les dernières versions du texte (enregistrements historiques de simple_history)."""
    if narratif is None:
        return []
    return list(narratif.history.select_related("history_user").order_by("-history_date")[:n])


def annees_redigees() -> list[int]:
    return list(Narratif.objects.values_list("annee", flat=True))


def demandes_presentation() -> QuerySet[DemandePresentation]:
    """Les demandes de diaporama, les plus récentes d'abord, avec le demandeur et le masque (une requête)."""
    return DemandePresentation.objects.select_related("demandeur", "masque").order_by("-creee_le", "-pk")


def masque_en_service() -> MasquePresentation | None:
    """Le masque de la préfecture le plus récent (None : seul le masque intégré est proposé)."""
    return MasquePresentation.objects.order_by("-televerse_le", "-pk").first()
