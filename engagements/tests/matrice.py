"""Cas de la matrice des permissions pour les URL de l'application engagements."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests_outils.matrice import Cas, lecture, reserve_referent

from .factories import (
    PDF_MINIMAL,
    CorrespondanceFactory,
    CycleLabelFactory,
    EcheanceCycleFactory,
    EngagementFactory,
    MigrationReferentielFactory,
    ModuleFactory,
    PerimetreFactory,
    PreuveFactory,
    ReferentielFactory,
)

ROLES_PREPARATION = {"correspondant": 403, "correspondant_autre": 403}
# Le correspondant d'un service concerné contribue ; l'autre correspondant est refusé.
CONTRIBUTION = reserve_referent(correspondant=200)
CONTRIBUTION_POST = reserve_referent(ok=302, correspondant=302)
PREUVE_FICHIER = {**lecture(), "correspondant_autre": 403}


def preparer(monde) -> None:
    monde.referentiel = ReferentielFactory(code="qual-e-pref-test", titre="Qual-e-Pref", qual_e_pref=True)
    monde.module_1 = ModuleFactory(referentiel=monde.referentiel, numero=1, type="obligatoire", titre="Relation")
    monde.module_7 = ModuleFactory(referentiel=monde.referentiel, numero=7, titre="Communication d'urgence")
    monde.engagement = EngagementFactory(module=monde.module_1, numero=1, services_concernes=[monde.service])
    monde.cycle = CycleLabelFactory(site=monde.site, referentiel=monde.referentiel)
    monde.perimetre = PerimetreFactory(cycle=monde.cycle, modules=[monde.module_1, monde.module_7])
    monde.echeance = EcheanceCycleFactory(cycle=monde.cycle)
    monde.preuve = PreuveFactory(engagement=monde.engagement)
    # Changement de référentiel : une cible et une correspondance ; une migration faite entre deux autres.
    monde.cible = ReferentielFactory(code="quali-ate-test", titre="Quali-ATE")
    monde.engagement_cible = EngagementFactory(
        module=ModuleFactory(referentiel=monde.cible, numero=1, type="socle", titre="Socle"), numero=1
    )
    CorrespondanceFactory(ancien=monde.engagement, nouveau=monde.engagement_cible)
    monde.migration = MigrationReferentielFactory()


def _pdf(monde) -> dict:
    return {
        "titre": "Affichage des horaires",
        "fichier": SimpleUploadedFile("horaires.pdf", PDF_MINIMAL, content_type="application/pdf"),
        "date": "2023-03-01",
    }


def _pk(nom):
    return lambda m: {"pk": getattr(m, nom).pk}


def _paire(monde) -> dict:
    return {"depuis": monde.referentiel.pk, "vers": monde.cible.pk}


def _paire_ancien(monde) -> dict:
    return {**_paire(monde), "ancien": monde.engagement.pk}


CAS = [
    Cas("engagements:referentiel_list", lecture()),
    Cas("engagements:referentiel_detail", lecture(), kwargs=_pk("referentiel")),
    Cas(
        "engagements:referentiel_export",
        lecture(),
        kwargs=lambda m: {"pk": m.referentiel.pk, "format": "xlsx"},
        html=False,
    ),
    Cas("engagements:referentiels_charger", reserve_referent(ok=302), methode="post"),
    Cas("engagements:referentiel_creer", reserve_referent()),
    Cas(
        "engagements:referentiel_creer",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"titre": "Référentiel local", "code": "local", "version": "1", "regle_perimetre": "aucune"},
    ),
    Cas("engagements:referentiel_modifier", reserve_referent(), kwargs=_pk("referentiel")),
    Cas(
        "engagements:referentiel_modifier",
        reserve_referent(ok=302),
        kwargs=_pk("referentiel"),
        methode="post",
        donnees=lambda m: {
            "titre": "Qual-e-Pref",
            "code": m.referentiel.code,
            "version": "1",
            "regle_perimetre": "qual_e_pref",
        },
    ),
    Cas("engagements:referentiel_nouvelle_version", reserve_referent(), kwargs=_pk("referentiel")),
    Cas(
        "engagements:referentiel_nouvelle_version",
        reserve_referent(ok=302),
        kwargs=_pk("referentiel"),
        methode="post",
        donnees=lambda m: {"version": "2"},
    ),
    Cas("engagements:referentiel_import", reserve_referent(), kwargs=_pk("referentiel")),
    Cas("engagements:module_creer", reserve_referent(), kwargs=_pk("referentiel")),
    Cas(
        "engagements:module_creer",
        reserve_referent(ok=302),
        kwargs=_pk("referentiel"),
        methode="post",
        donnees=lambda m: {"numero": 2, "titre": "", "type": "optionnel"},
    ),
    Cas("engagements:module_modifier", reserve_referent(), kwargs=_pk("module_7")),
    Cas(
        "engagements:module_modifier",
        reserve_referent(ok=302),
        kwargs=_pk("module_7"),
        methode="post",
        donnees=lambda m: {"numero": 7, "titre": "Communication d'urgence", "type": "optionnel"},
    ),
    Cas("engagements:rubrique_creer", reserve_referent(), kwargs=_pk("module_1")),
    Cas(
        "engagements:rubrique_creer",
        reserve_referent(ok=302),
        kwargs=_pk("module_1"),
        methode="post",
        donnees=lambda m: {"titre": "Téléphonie", "ordre": 1},
    ),
    Cas("engagements:engagement_creer", reserve_referent(), kwargs=_pk("referentiel")),
    Cas(
        "engagements:engagement_creer",
        reserve_referent(ok=302),
        kwargs=_pk("referentiel"),
        methode="post",
        donnees=lambda m: {"module": m.module_7.pk, "numero": 1, "libelle": "Libellé saisi (test)"},
    ),
    Cas("engagements:engagement_detail", lecture(), kwargs=_pk("engagement")),
    Cas("engagements:engagement_modifier", reserve_referent(), kwargs=_pk("engagement")),
    Cas(
        "engagements:engagement_modifier",
        reserve_referent(ok=302),
        kwargs=_pk("engagement"),
        methode="post",
        donnees=lambda m: {"module": m.module_1.pk, "numero": 1, "libelle": m.engagement.libelle},
    ),
    Cas("engagements:autodiagnostic_ajouter", CONTRIBUTION, kwargs=_pk("engagement")),
    Cas(
        "engagements:autodiagnostic_ajouter",
        CONTRIBUTION_POST,
        kwargs=_pk("engagement"),
        methode="post",
        donnees=lambda m: {"niveau": "conforme", "date": "2023-03-01"},
    ),
    Cas("engagements:preuve_ajouter", CONTRIBUTION, kwargs=_pk("engagement")),
    Cas("engagements:preuve_ajouter", CONTRIBUTION_POST, kwargs=_pk("engagement"), methode="post", donnees=_pdf),
    Cas("engagements:preuve_fichier", PREUVE_FICHIER, kwargs=_pk("preuve"), html=False),
    Cas("engagements:cycle_list", lecture()),
    Cas("engagements:cycle_detail", lecture(), kwargs=_pk("cycle")),
    Cas("engagements:cycle_creer", reserve_referent()),
    Cas(
        "engagements:cycle_creer",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"site": m.site.pk, "referentiel": m.referentiel.pk, "date_obtention": "2023-02-01"},
    ),
    Cas("engagements:cycle_modifier", reserve_referent(), kwargs=_pk("cycle")),
    Cas(
        "engagements:cycle_modifier",
        reserve_referent(ok=302),
        kwargs=_pk("cycle"),
        methode="post",
        donnees=lambda m: {"site": m.site.pk, "referentiel": m.referentiel.pk, "date_obtention": "2019-12-18"},
    ),
    Cas("engagements:perimetre_modifier", reserve_referent(), kwargs=_pk("cycle")),
    Cas(
        "engagements:perimetre_modifier",
        reserve_referent(ok=302),
        kwargs=_pk("cycle"),
        methode="post",
        donnees=lambda m: {"modules": [m.module_1.pk, m.module_7.pk], "date": str(datetime.date(2023, 1, 2))},
    ),
    Cas("engagements:echeance_modifier", reserve_referent(), kwargs=_pk("echeance")),
    Cas(
        "engagements:echeance_modifier",
        reserve_referent(ok=302),
        kwargs=_pk("echeance"),
        methode="post",
        donnees=lambda m: {"date_prevue": "2021-09-01", "precision_mois": "on"},
    ),
    Cas("engagements:preparation_audit", lecture(**ROLES_PREPARATION)),
    Cas("engagements:correspondance_list", lecture()),
    Cas("engagements:correspondance_table", lecture(), kwargs=_paire),
    Cas("engagements:correspondance_modifier", reserve_referent(), kwargs=_paire_ancien),
    Cas(
        "engagements:correspondance_modifier",
        reserve_referent(ok=302),
        kwargs=_paire_ancien,
        methode="post",
        donnees=lambda m: {"successeurs": [m.engagement_cible.pk], "commentaire": "repris"},
    ),
    Cas("engagements:correspondance_export", lecture(), kwargs=lambda m: {**_paire(m), "format": "xlsx"}, html=False),
    Cas("engagements:correspondance_import", reserve_referent(), kwargs=_paire),
    Cas("engagements:migration_assistant", reserve_referent(), kwargs=_paire),
    Cas(
        "engagements:migration_assistant",
        reserve_referent(ok=302),
        kwargs=_paire,
        methode="post",
        donnees=lambda m: {"confirmer": "on"},
    ),
    Cas("engagements:migration_detail", lecture(), kwargs=_pk("migration")),
]
