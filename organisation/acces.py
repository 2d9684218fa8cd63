"""Règles d'accès de l'organisation et des comptes, et les prédicats de rôle de toutes les applications.

Chaque application a son propre `acces.py` ; toutes s'appuient sur ces prédicats de rôle
et sur le décorateur `qualite.acces.acces_requis`.
"""

from typing import TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import HallAccueil, Prefecture, Role, Service, Site, Utilisateur

# L'utilisateur d'une requête (`request.user`) : un compte du projet ou l'anonyme.
UtilisateurOuAnonyme: TypeAlias = Utilisateur | AnonymousUser


def a_role(utilisateur: UtilisateurOuAnonyme, *roles: str) -> TypeGuard[Utilisateur]:
    return bool(utilisateur.is_authenticated and utilisateur.is_active and utilisateur.role in roles)


def est_referent(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    """Le référent qualité (et l'administrateur) peut tout modifier."""
    return a_role(utilisateur, Role.REFERENT, Role.ADMINISTRATEUR)


def est_correspondant(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    return a_role(utilisateur, Role.CORRESPONDANT)


def est_referent_qualite(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    """Le référent qualité lui-même, sans l'administrateur (il signe le bilan, reçoit les rappels)."""
    return a_role(utilisateur, Role.REFERENT)


def est_membre_copil(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    return a_role(utilisateur, Role.COPIL)


def est_administrateur(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    return a_role(utilisateur, Role.ADMINISTRATEUR)


def est_connecte(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    return bool(utilisateur.is_authenticated and utilisateur.is_active)


def suit_des_services(role: str) -> bool:
    """Seul un correspondant qualité suit des services (au moins un) ; les autres rôles n'en suivent pas."""
    return role == Role.CORRESPONDANT


def referents_qualite() -> QuerySet[Utilisateur]:
    """Les comptes actifs de référent qualité (sans les administrateurs)."""
    return Utilisateur.objects.filter(role=Role.REFERENT, is_active=True)


def administrateurs_actifs() -> QuerySet[Utilisateur]:
    return Utilisateur.objects.filter(role=Role.ADMINISTRATEUR, is_active=True)


def retire_un_administrateur(utilisateur: Utilisateur, *, role: str, actif: bool) -> bool:
    """Le compte enregistré est un administrateur actif, et la modification (rôle, activité) le lui retire."""
    enregistre = Utilisateur.objects.only("role", "is_active").get(pk=utilisateur.pk)
    etait = enregistre.role == Role.ADMINISTRATEUR and enregistre.is_active
    return etait and not (role == Role.ADMINISTRATEUR and actif)


def correspondants_actifs() -> QuerySet[Utilisateur]:
    return Utilisateur.objects.filter(role=Role.CORRESPONDANT, is_active=True)


def peut_lire_organisation(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_modifier_organisation(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_modifier_identite(utilisateur: UtilisateurOuAnonyme) -> bool:
    """L'identité de la préfecture (nom, bloc-marque, contact) : l'administrateur."""
    return est_administrateur(utilisateur)


def doit_saisir_identite(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Premier démarrage : l'administrateur est conduit à la saisie de l'identité tant qu'aucune n'existe."""
    return peut_modifier_identite(utilisateur) and not Prefecture.objects.filter(pk=1).exists()


def peut_gerer_utilisateurs(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def service_a_modifier(utilisateur: UtilisateurOuAnonyme, pk: int) -> Service:
    """Le service que le référent veut modifier (404 s'il n'existe pas)."""
    if not peut_modifier_organisation(utilisateur):
        raise PermissionDenied
    return get_object_or_404(Service.objects.select_related("parent", "site"), pk=pk)


def site_a_modifier(utilisateur: UtilisateurOuAnonyme, pk: int) -> Site:
    if not peut_modifier_organisation(utilisateur):
        raise PermissionDenied
    return get_object_or_404(Site, pk=pk)


def utilisateur_a_gerer(utilisateur: UtilisateurOuAnonyme, pk: int) -> Utilisateur:
    """Le compte qu'un référent ou un administrateur veut modifier, désactiver ou réactiver."""
    if not peut_gerer_utilisateurs(utilisateur):
        raise PermissionDenied
    return get_object_or_404(Utilisateur, pk=pk)


def hall_a_modifier(utilisateur: UtilisateurOuAnonyme, pk: int) -> HallAccueil:
    if not peut_modifier_organisation(utilisateur):
        raise PermissionDenied
    return get_object_or_404(HallAccueil.objects.select_related("site"), pk=pk)
