"""Cas de la matrice des permissions pour les audits.

Lecture : tout compte actif ; écriture (audits, import, suites des constats) : référent et administrateur.
"""

import datetime

from django.core.files.base import ContentFile

from audits.models import Etat
from tests_outils.matrice import Cas, lecture, reserve_referent

from .factories import AuditFactory, ConstatFactory


def preparer(monde) -> None:
    monde.audit = AuditFactory(site=monde.site, perimetre__cycle__site=monde.site)
    monde.audit.rapport.save("rapport-audit.pdf", ContentFile(b"%PDF-1.4 rapport de test"), save=True)
    monde.audit_ancien = AuditFactory(
        perimetre=monde.audit.perimetre, type="suivi", date_debut=datetime.date(2021, 9, 1)
    )
    monde.constat = ConstatFactory(audit=monde.audit, numero=3)
    monde.constat_fort = ConstatFactory(audit=monde.audit, numero=2, point_fort=True)
    monde.constat_ancien = ConstatFactory(audit=monde.audit_ancien, numero=1, etat=Etat.TRAITE)


def _audit(m) -> dict:
    return {"pk": m.audit.pk}


def _constat(m) -> dict:
    return {"pk": m.constat.pk}


def _donnees_audit(m) -> dict:
    return {
        "type": "interne",
        "date_debut": "2024-03-12",
        "site": m.site.pk,
        "referentiel": m.audit.referentiel_id,
        "externe": "",
        "auditeurs": "Auditeur interne (matrice)",
    }


CAS = [
    Cas("audits:audit_list", lecture()),
    Cas("audits:audit_create", reserve_referent()),
    Cas("audits:audit_create", reserve_referent(ok=302), methode="post", donnees=_donnees_audit),
    Cas("audits:audit_detail", lecture(), kwargs=_audit),
    Cas("audits:audit_update", reserve_referent(), kwargs=_audit),
    Cas("audits:audit_update", reserve_referent(ok=302), kwargs=_audit, methode="post", donnees=_donnees_audit),
    Cas("audits:audit_export", lecture(), kwargs=_audit, requete="format=ods", html=False),
    Cas("audits:audit_import", reserve_referent(), kwargs=_audit),
    Cas(
        "audits:audit_import",
        reserve_referent(),
        kwargs=_audit,
        methode="post",
        nom="POST audits:audit_import (sans fichier)",
    ),
    Cas("audits:audit_rapport", lecture(), kwargs=_audit, html=False),
    Cas("audits:constat_detail", lecture(), kwargs=_constat),
    Cas("audits:constat_create", reserve_referent(), kwargs=_audit),
    Cas(
        "audits:constat_create",
        reserve_referent(ok=302),
        kwargs=_audit,
        methode="post",
        donnees=lambda m: {"numero": 40, "portee": "pilotage", "nature": "point_fort", "texte": "Constat (matrice)"},
    ),
    Cas("audits:constat_update", reserve_referent(), kwargs=_constat),
    Cas(
        "audits:constat_update",
        reserve_referent(ok=302),
        kwargs=_constat,
        methode="post",
        donnees=lambda m: {
            "numero": 3,
            "portee": "module",
            "module": m.constat.module_id,
            "nature": "point_sensible",
            "texte": "Constat corrigé (matrice)",
        },
    ),
    Cas("audits:constat_action", reserve_referent(), kwargs=_constat),
    Cas(
        "audits:constat_action",
        reserve_referent(ok=302),
        kwargs=_constat,
        methode="post",
        donnees=lambda m: {"intitule": "Action (matrice)", "origine_libelle": "observation", "priorite": "normale"},
    ),
    Cas("audits:constat_decision", reserve_referent(), kwargs=_constat),
    Cas(
        "audits:constat_decision",
        reserve_referent(ok=302),
        kwargs=_constat,
        methode="post",
        donnees=lambda m: {"justification": "Déjà couvert par une action existante."},
    ),
    Cas("audits:constat_verifier", reserve_referent(ok=302), kwargs=_constat, methode="post"),
    Cas("audits:preparation", lecture()),
    Cas("audits:label_renouveler", reserve_referent(), kwargs=lambda m: {"pk": m.audit.perimetre.cycle_id}),
    Cas(
        "audits:label_renouveler",
        reserve_referent(),
        kwargs=lambda m: {"pk": m.audit.perimetre.cycle_id},
        methode="post",
        nom="POST audits:label_renouveler (formulaire vide)",
    ),
]
