"""Règles d'accès du pilotage : le seul endroit où un rôle est vérifié pour cette application."""

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, est_connecte, est_correspondant, est_referent
from organisation.models import Utilisateur

from .models import Instance, JetonAgenda, PublicationTrimestrielle


def peut_lire_tableau_de_bord(utilisateur: UtilisateurOuAnonyme) -> bool:
    """Tout compte connecté lit le tableau de bord (le COPIL et l'auditeur en lecture seule)."""
    return est_connecte(utilisateur)


def voit_ses_actions(utilisateur: UtilisateurOuAnonyme) -> TypeGuard[Utilisateur]:
    return est_correspondant(utilisateur)


def peut_rechercher(utilisateur: UtilisateurOuAnonyme) -> bool:
    """La recherche de l'en-tête : tout compte connecté (chaque famille de résultats a sa propre règle)."""
    return est_connecte(utilisateur)


def peut_lire_agenda(utilisateur: UtilisateurOuAnonyme) -> bool:
    """La page d'agenda et son lien iCal personnel : tout compte connecté (chaque famille garde sa règle)."""
    return est_connecte(utilisateur)


def proprietaire_du_jeton(jeton: str) -> Utilisateur | None:
    """Le compte actif dont c'est le lien secret d'agenda ; None pour un lien inconnu, révoqué ou un compte
    désactivé."""
    trouve = JetonAgenda.objects.select_related("utilisateur").filter(jeton=jeton, utilisateur__is_active=True).first()
    return trouve.utilisateur if trouve else None


def peut_lire_instances(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_gerer_instances(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def peut_gerer_transparence(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def instance_lisible(utilisateur: UtilisateurOuAnonyme, pk: int) -> Instance:
    if not peut_lire_instances(utilisateur):
        raise PermissionDenied
    return get_object_or_404(Instance, pk=pk)


def instance_a_gerer(utilisateur: UtilisateurOuAnonyme, pk: int) -> Instance:
    if not peut_gerer_instances(utilisateur):
        raise PermissionDenied
    return get_object_or_404(Instance, pk=pk)


def publication_a_gerer(utilisateur: UtilisateurOuAnonyme, pk: int) -> PublicationTrimestrielle:
    if not peut_gerer_transparence(utilisateur):
        raise PermissionDenied
    return get_object_or_404(PublicationTrimestrielle.objects.select_related("site"), pk=pk)


def publication_publique(annee: int, trimestre: int, site_pk: int | None = None) -> PublicationTrimestrielle:
    """Une publication visible de tous : seulement si elle est validée (404 sinon)."""
    publications = PublicationTrimestrielle.objects.validees().select_related("site")
    if site_pk is not None:
        publications = publications.filter(site_id=site_pk)
    publication = publications.filter(annee=annee, trimestre=trimestre).first()
    if publication is None:
        from django.http import Http404

        raise Http404("Résultats non publiés")
    return publication
