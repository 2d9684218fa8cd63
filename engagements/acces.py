"""Qui peut voir ou modifier les référentiels, les engagements, les cycles et les preuves.

- lecture des référentiels, engagements, cycles : tout utilisateur connecté ;
- écriture (référentiels, modules, engagements, cycles, périmètres, échéances) : référent et administrateur ;
- autodiagnostic et preuves : référent, administrateur, et le correspondant dont un service est
  « service concerné » par l'engagement ;
- fichiers de preuve : référent, administrateur, COPIL, auditeur, et le correspondant d'un service concerné
  (un autre correspondant ne les voit pas) ;
- préparation d'audit : référent, administrateur, COPIL et auditeur.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, a_role, est_connecte, est_correspondant, est_referent
from organisation.models import Role

from .models import Engagement, Preuve


def peut_lire(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_modifier_referentiels(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_voir_preparation(utilisateur: UtilisateurOuAnonyme) -> bool:
    return a_role(utilisateur, Role.REFERENT, Role.ADMINISTRATEUR, Role.COPIL, Role.AUDITEUR)


def _suit_un_service_concerne(utilisateur: UtilisateurOuAnonyme, engagement: Engagement) -> bool:
    return (
        est_correspondant(utilisateur)
        and engagement.services_concernes.filter(pk__in=utilisateur.services.values("pk")).exists()
    )


def peut_contribuer(utilisateur: UtilisateurOuAnonyme, engagement: Engagement) -> bool:
    """Ajouter un autodiagnostic ou une preuve sur cet engagement."""
    return est_referent(utilisateur) or _suit_un_service_concerne(utilisateur, engagement)


def peut_voir_preuves(utilisateur: UtilisateurOuAnonyme, engagement: Engagement) -> bool:
    if a_role(utilisateur, Role.REFERENT, Role.ADMINISTRATEUR, Role.COPIL, Role.AUDITEUR):
        return True
    return _suit_un_service_concerne(utilisateur, engagement)


def engagement_pour_contribuer(utilisateur: UtilisateurOuAnonyme, pk: int) -> Engagement:
    engagement = get_object_or_404(Engagement.objects.select_related("module", "referentiel"), pk=pk)
    if not peut_contribuer(utilisateur, engagement):
        raise PermissionDenied
    return engagement


def preuve_a_servir(utilisateur: UtilisateurOuAnonyme, pk: int) -> Preuve:
    preuve = get_object_or_404(Preuve.objects.select_related("engagement"), pk=pk)
    if not preuve.fichier or not peut_voir_preuves(utilisateur, preuve.engagement):
        raise PermissionDenied
    return preuve
