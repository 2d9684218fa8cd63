"""Qui peut voir ou modifier les audits et les constats : le seul endroit où un rôle est vérifié.

Lecture : tout compte actif (référent, administrateur, COPIL, auditeur, correspondant). Les constats
d'audit sont présentés à tous les agents dans le bilan annuel ; les correspondants en ont besoin pour
porter les actions qui en découlent, les auditeurs (internes) pour préparer l'audit suivant, le COPIL
pour suivre la démarche.
Écriture (audits, import du tableau de l'auditeur, décisions de suite) : référent qualité et administrateur.
"""

from django.shortcuts import get_object_or_404

from organisation.acces import UtilisateurOuAnonyme, est_connecte, est_referent

from .models import Audit, Constat


def peut_lire_audits(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_connecte(utilisateur)


def peut_modifier_audits(utilisateur: UtilisateurOuAnonyme) -> bool:
    return est_referent(utilisateur)


def audit_lisible(utilisateur: UtilisateurOuAnonyme, pk: int) -> Audit:
    return get_object_or_404(Audit.objects.avec_details(), pk=pk)


def audit_modifiable(utilisateur: UtilisateurOuAnonyme, pk: int) -> Audit:
    return get_object_or_404(Audit.objects.avec_details(), pk=pk)


def constat_lisible(utilisateur: UtilisateurOuAnonyme, pk: int) -> Constat:
    return get_object_or_404(
        Constat.objects.select_related("audit__referentiel", "audit__site", "module", "engagement__module"), pk=pk
    )


constat_modifiable = constat_lisible
