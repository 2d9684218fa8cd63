"""Droits sur les enquêtes et l'écoute des usagers : le seul endroit de l'application où un rôle est vérifié.

Lecture par tout utilisateur connecté ; saisie et import réservés au référent (et à l'administrateur) ;
le correspondant enregistre les sollicitations des services qu'il suit.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, est_connecte, est_correspondant, est_referent
from organisation.models import Service, ServiceQuerySet, Utilisateur

from .models import EnqueteMystere, Sollicitation


def peut_lire(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_gerer_enquetes(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_gerer_registre(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Ouvre l'ajout au registre : référent, ou correspondant qui suit au moins un service."""
    return est_referent(utilisateur) or (est_correspondant(utilisateur) and utilisateur.services.exists())


def peut_brancher_registre(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def services_du_registre(utilisateur: Utilisateur) -> ServiceQuerySet:
    """Les services auxquels l'utilisateur peut rattacher une sollicitation."""

    return Service.objects.all() if est_referent(utilisateur) else utilisateur.services.all()


def sollicitation_modifiable(utilisateur: UtilisateurOuAnonyme, pk: int) -> Sollicitation:
    """La sollicitation, si l'utilisateur peut la modifier : 404 si elle n'existe pas, 403 sinon."""

    try:
        sollicitation = Sollicitation.objects.select_related("service").get(pk=pk)
    except Sollicitation.DoesNotExist:
        raise Http404("Sollicitation introuvable") from None
    if est_referent(utilisateur):
        return sollicitation
    if (
        est_correspondant(utilisateur)
        and sollicitation.service_id is not None
        and utilisateur.services.filter(pk=sollicitation.service_id).exists()
    ):
        return sollicitation
    raise PermissionDenied


def sollicitations_modifiables(utilisateur: UtilisateurOuAnonyme, sollicitations: Iterable[Sollicitation]) -> set[int]:
    """Les identifiants de celles des `sollicitations` (une page du registre) que l'utilisateur peut modifier :
    toutes pour le référent, celles de ses services pour le correspondant (une requête au plus)."""
    if est_referent(utilisateur):
        return {sollicitation.pk for sollicitation in sollicitations}
    if not est_correspondant(utilisateur):
        return set()
    suivis = set(utilisateur.services.values_list("pk", flat=True))
    return {sollicitation.pk for sollicitation in sollicitations if sollicitation.service_id in suivis}


def enquete_mystere_modifiable(utilisateur: UtilisateurOuAnonyme, pk: int) -> EnqueteMystere:

    return get_object_or_404(EnqueteMystere, pk=pk)
