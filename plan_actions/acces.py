"""Qui peut voir ou modifier quoi dans le plan d'actions : le seul endroit où un rôle est vérifié.

- tout utilisateur connecté lit le plan (référent, correspondants, COPIL, auditeurs) ;
- le référent qualité (et l'administrateur) crée, modifie, importe tout ;
- un correspondant met à jour les actions dont le service pilote est l'un de ses services.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, est_connecte, est_correspondant, est_referent, referents_qualite
from organisation.models import Role, Utilisateur

from .models import Action


def peut_lire_plan(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_gerer_plan(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Créer une action, importer le plan."""
    return est_referent(utilisateur)


def peut_suivre_ses_actions(utilisateur: UtilisateurOuAnonyme) -> bool:
    """La page « Mes actions » des correspondants."""
    return est_correspondant(utilisateur)


def peut_modifier_action(utilisateur: UtilisateurOuAnonyme, action: Action) -> bool:
    if est_referent(utilisateur):
        return True
    if not est_correspondant(utilisateur) or action.service_pilote_id is None:
        return False
    return utilisateur.services.filter(pk=action.service_pilote_id).exists()


def referents_a_relancer() -> QuerySet[Utilisateur]:
    """Les référents qualité actifs : ils reçoivent la synthèse hebdomadaire des retards."""
    return referents_qualite()


def responsables_possibles() -> QuerySet[Utilisateur]:
    """Les comptes actifs qui peuvent être responsables d'une action : tous sauf les auditeurs."""
    return Utilisateur.objects.filter(is_active=True).exclude(role=Role.AUDITEUR)


def peut_modifier_tout(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Champs réservés au référent : référence, service pilote, origine…"""
    return est_referent(utilisateur)


def action_a_modifier(utilisateur: UtilisateurOuAnonyme, pk: int) -> Action:
    """L'action si l'utilisateur peut la modifier ; sinon 404 (inexistante) ou 403."""
    action = get_object_or_404(Action, pk=pk)
    if not peut_modifier_action(utilisateur, action):
        raise PermissionDenied
    return action
