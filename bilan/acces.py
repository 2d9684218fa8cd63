"""Qui peut demander, suivre et télécharger un bilan, et en rédiger le texte."""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, a_role, est_connecte, est_referent
from organisation.models import Role

from .models import DemandeBilan, DemandePresentation, Edition, StatutGeneration

# Un fichier construit par Celery : le bilan ou le diaporama.
G = TypeVar("G", DemandeBilan, DemandePresentation)


def peut_demander(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Demander un bilan ou rédiger son texte : référent et administrateur."""
    return est_referent(utilisateur)


def peut_rediger(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_suivre(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Voir les demandes et leur état : référent, administrateur, COPIL."""
    return a_role(utilisateur, Role.REFERENT, Role.ADMINISTRATEUR, Role.COPIL)


def peut_telecharger(utilisateur: UtilisateurOuAnonyme, demande: DemandeBilan | DemandePresentation) -> bool:
    """Bilan ou diaporama. Édition COPIL : référent, administrateur, COPIL ; édition CLU : tout utilisateur connecté."""
    if demande.edition == Edition.CLU:
        return est_connecte(utilisateur)
    return peut_suivre(utilisateur)


def _a_telecharger(modele: type[G], utilisateur: UtilisateurOuAnonyme, pk: int, *, quoi: str) -> G:
    """La demande terminée dont l'utilisateur veut le fichier (404 sans fichier, 403 sans droit)."""
    demande = get_object_or_404(modele, pk=pk)
    if not peut_telecharger(utilisateur, demande):
        raise PermissionDenied
    if demande.statut != StatutGeneration.TERMINE or not demande.fichier:
        raise Http404(f"{quoi} n'est pas encore disponible.")
    return demande


def demande_a_telecharger(utilisateur: UtilisateurOuAnonyme, pk: int) -> DemandeBilan:
    return _a_telecharger(DemandeBilan, utilisateur, pk, quoi="Ce bilan")


def presentation_a_telecharger(utilisateur: UtilisateurOuAnonyme, pk: int) -> DemandePresentation:
    return _a_telecharger(DemandePresentation, utilisateur, pk, quoi="Ce diaporama")
