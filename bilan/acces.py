"""Qui peut demander, suivre et télécharger un bilan, et en rédiger le texte."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, a_role, est_connecte, est_referent
from organisation.models import Role

from .models import DemandeBilan, DemandePresentation, Edition


def peut_demander(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Demander un bilan ou rédiger son texte : référent et administrateur."""
    return est_referent(utilisateur)


def peut_rediger(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_suivre(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Voir les demandes et leur état : référent, administrateur, COPIL."""
    return a_role(utilisateur, Role.REFERENT, Role.ADMINISTRATEUR, Role.COPIL)


def peut_telecharger(utilisateur: UtilisateurOuAnonyme, demande: DemandeBilan) -> bool:
    """Édition COPIL : référent, administrateur, COPIL ; édition CLU : tout utilisateur connecté."""
    if demande.edition == Edition.CLU:
        return est_connecte(utilisateur)
    return peut_suivre(utilisateur)


def demande_a_telecharger(utilisateur: UtilisateurOuAnonyme, pk: int) -> DemandeBilan:
    """La demande terminée dont l'utilisateur veut le PDF (404 sans fichier, 403 sans droit)."""
    demande = get_object_or_404(DemandeBilan, pk=pk)
    if not peut_telecharger(utilisateur, demande):
        raise PermissionDenied
    if demande.statut != DemandeBilan.Statut.TERMINE or not demande.fichier:
        raise Http404("Ce bilan n'est pas encore disponible.")
    return demande


def peut_telecharger_presentation(utilisateur: UtilisateurOuAnonyme, demande: DemandePresentation) -> bool:
    """Les mêmes droits que le bilan : édition COPIL pour le suivi, édition CLU pour tout compte connecté."""
    if demande.edition == Edition.CLU:
        return est_connecte(utilisateur)
    return peut_suivre(utilisateur)


def presentation_a_telecharger(utilisateur: UtilisateurOuAnonyme, pk: int) -> DemandePresentation:
    """La demande terminée dont l'utilisateur veut le diaporama (404 sans fichier, 403 sans droit)."""
    demande = get_object_or_404(DemandePresentation, pk=pk)
    if not peut_telecharger_presentation(utilisateur, demande):
        raise PermissionDenied
    if demande.statut != DemandePresentation.Statut.TERMINE or not demande.fichier:
        raise Http404("Ce diaporama n'est pas encore disponible.")
    return demande
