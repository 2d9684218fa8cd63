"""Droits sur les indicateurs : le seul endroit de l'application où un rôle est vérifié.

- lecture : tout utilisateur connecté ;
- saisie des mesures et action corrective : le référent et l'administrateur, et le correspondant
  qualité pour les indicateurs dont son service assure le recueil ;
- import des mesures : le référent et l'administrateur.
"""

from django.db.models import QuerySet
from django.http import Http404

from organisation.acces import UtilisateurOuAnonyme, est_connecte, est_correspondant, est_referent, referents_qualite
from organisation.models import Utilisateur

from .models import Indicateur, IndicateurQuerySet


def peut_lire(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_importer(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_definir(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Créer, modifier ou désactiver la définition d'un indicateur : le référent et l'administrateur."""
    return est_referent(utilisateur)


def peut_saisir(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Ouvre la saisie mensuelle : référent, ou correspondant d'un service qui recueille un indicateur."""
    if est_referent(utilisateur):
        return True
    return (
        est_correspondant(utilisateur)
        and Indicateur.objects.filter(service_recueil__in=utilisateur.services.all()).exists()
    )


def peut_saisir_indicateur(utilisateur: UtilisateurOuAnonyme, indicateur: Indicateur) -> bool:
    if est_referent(utilisateur):
        return True
    return (
        est_correspondant(utilisateur)
        and indicateur.service_recueil_id is not None
        and utilisateur.services.filter(pk=indicateur.service_recueil_id).exists()
    )


def indicateurs_saisissables(utilisateur: Utilisateur) -> IndicateurQuerySet:
    """Les indicateurs que l'utilisateur peut saisir."""
    queryset = Indicateur.objects.all()
    if est_referent(utilisateur):
        return queryset
    return queryset.filter(service_recueil__in=utilisateur.services.all())


def referents_a_rappeler() -> QuerySet[Utilisateur]:
    """Les référents qualité actifs : ils reçoivent le rappel de chaque mesure mensuelle manquante."""
    return referents_qualite()


def correspondants_a_rappeler(indicateur: Indicateur) -> list[Utilisateur]:
    """Les correspondants actifs du service de recueil (préchargés) : ceux qui saisissent la mesure."""
    if indicateur.service_recueil is None:
        return []
    return [u for u in indicateur.service_recueil.correspondants.all() if est_correspondant(u)]


def indicateur_lisible(utilisateur: UtilisateurOuAnonyme, code: str) -> Indicateur:
    try:
        return Indicateur.objects.select_related("service_recueil").get(code=code)
    except Indicateur.DoesNotExist:
        raise Http404("Indicateur introuvable") from None


def indicateur_saisissable(utilisateur: UtilisateurOuAnonyme, code: str) -> Indicateur:
    from django.core.exceptions import PermissionDenied

    indicateur = indicateur_lisible(utilisateur, code)
    if not peut_saisir_indicateur(utilisateur, indicateur):
        raise PermissionDenied
    return indicateur
