"""Démonstration : les trois référentiels, le cycle Qual-e-Pref de la préfecture de démonstration, son périmètre {1, 7},
l'historique du label et les services concernés cités par le bilan (idempotent).

Les référentiels sont ceux que l'application livre (`engagements.livraison`) ; le reste vient des fichiers de
`engagements/donnees/` (copiés des sources) ; aucun libellé n'est inventé.
Pour essayer le changement de référentiel : un contenu Quali-ATE de démonstration (inventé, marqué comme tel), ses
correspondances avec Qual-e-Pref et quelques autodiagnostics et preuves marqués « démo »
(`engagements/donnees/demo-quali-ate/`).
"""

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from organisation.demo import site_principal
from organisation.models import Service, Site
from qualite.imports import executer_import

from .correspondances import importer_correspondances
from .echanges import importer_referentiel
from .livraison import referentiels_charger
from .models import (
    Autodiagnostic,
    CycleLabel,
    EcheanceCycle,
    Engagement,
    EvenementLabel,
    Preuve,
    Referentiel,
    TypeEcheance,
)
from .services import perimetre_enregistrer

DONNEES = Path(__file__).resolve().parent / "donnees"
DEMO_QUALI_ATE = DONNEES / "demo-quali-ate"
# Services concernés, d'après la section « Périmètre de labellisation retenu » du bilan :
# nom exact du service dans l'organisation importée → engagements (module, numéro) qu'il porte.
ACCUEIL_PHYSIQUE = [(1, 1), (1, 2), (1, 5), (1, 6), (1, 7)]
SERVICES_CONCERNES = {
    "Bureau de la citoyenneté et des activités réglementées": ACCUEIL_PHYSIQUE,
    "Bureau de l'accueil et du séjour des étrangers": ACCUEIL_PHYSIQUE,
    "Bureau de l'asile et de l'éloignement": ACCUEIL_PHYSIQUE,
    "Bureau de la sécurité intérieure": ACCUEIL_PHYSIQUE,
    # réseaux sociaux, site internet et communication d'urgence
    "Bureau de la représentation et de la communication de l'État": [
        (1, 11),
        (1, 12),
        (1, 19),
        (1, 20),
        (7, 1),
        (7, 2),
        (7, 3),
        (7, 4),
    ],
    # « en lien pour cet aspect » : la communication d'urgence
    "Service interministériel de défense et de protection civile (SIDPC)": [(7, 1), (7, 2), (7, 3), (7, 4)],
    # volet formation des agents
    "Pôle gestion des compétences, action sociale et prévention": [(1, 4)],
    # courriers et courriels
    "Pôle accueil courrier": [(1, 16), (1, 17), (1, 18)],
    # standard et numéro unique
    "Pôle accueil téléphonique": [(1, 8), (1, 9), (1, 10)],
    # bâtiments
    "Pôle logistique et entretien du patrimoine": [(1, 6)],
}


def _lire(nom: str) -> list[dict]:
    with open(DONNEES / nom, encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def _remarque(texte: str) -> str:
    """Retire les renvois aux fichiers sources (« … dans observations_audit_2023.csv »), sans intérêt à l'écran."""
    return " ; ".join(partie for partie in texte.split(" ; ") if not partie.strip().endswith((".csv", ".txt")))


def _date_historique(texte: str) -> tuple[date, str]:
    parties = [int(p) for p in texte.split("-")]
    if len(parties) == 1:
        return date(parties[0], 1, 1), EvenementLabel.Precision.ANNEE
    if len(parties) == 2:
        return date(parties[0], parties[1], 1), EvenementLabel.Precision.MOIS
    return date(*parties), EvenementLabel.Precision.JOUR


def _cycle(site: Site, referentiel: Referentiel) -> CycleLabel:
    # Le premier cycle Qual-e-Pref (2019) ; le renouvellement de 2023 est enregistré avec son audit (audits.demo).
    cycle = CycleLabel.objects.filter(site=site, referentiel=referentiel).order_by("date_obtention", "pk").first()
    if cycle is None:
        cycle = CycleLabel.objects.create(
            site=site,
            referentiel=referentiel,
            date_obtention=date(2019, 12, 18),
            commentaire="Fin de validité : audit de renouvellement prévu en janvier 2023 (bilan qualité).",
        )
    audits = {
        "Audit de labellisation": TypeEcheance.LABELLISATION,
        "Audit de suivi (confirmation)": TypeEcheance.SUIVI,
        "Audit de renouvellement": TypeEcheance.RENOUVELLEMENT,
    }
    for ligne in _lire("historique_label.csv"):
        jour, precision = _date_historique(ligne["date"])
        EvenementLabel.objects.get_or_create(
            site=site,
            date=jour,
            libelle=ligne["evenement"],
            defaults={
                "precision": precision,
                "referentiel": ligne["referentiel"],
                "remarque": _remarque(ligne["remarque"]),
            },
        )
        if ligne["evenement"] in audits:
            EcheanceCycle.objects.get_or_create(
                cycle=cycle,
                type=audits[ligne["evenement"]],
                defaults={
                    "date_prevue": jour,
                    "precision_mois": precision != "jour",
                    "commentaire": _remarque(ligne["remarque"]),
                },
            )
    if not cycle.perimetres.exists():
        # Date d'arrêt inconnue dans le bilan : laissée vide.
        numeros = [int(ligne["module"]) for ligne in _lire("perimetre_labellisation.csv")]
        perimetre_enregistrer(cycle=cycle, modules=referentiel.modules.filter(numero__in=numeros))
    return cycle


def _services_concernes(referentiel: Referentiel) -> int:
    engagements = {(e.module.numero, e.numero): e for e in referentiel.engagements.select_related("module")}
    relies = 0
    for nom, cles in SERVICES_CONCERNES.items():
        service = Service.objects.filter(nom=nom).first()
        if service is None:
            continue
        for cle in cles:
            engagements[cle].services_concernes.add(service)
            relies += 1
    return relies


def _importer(importeur, chemin: Path, **options) -> None:
    with open(chemin, "rb") as fichier:
        rapport = executer_import(
            importeur, simulation=False, fichier=fichier, nom=chemin.name, utilisateur=None, **options
        )
    if rapport.erreurs:  # un fichier de la démonstration est vérifié par les tests : ne devrait jamais arriver
        raise ValueError(f"{chemin.name} illisible : " + " ; ".join(rapport.erreurs))


def _quali_ate_demo(qual_e_pref: Referentiel) -> Referentiel:
    """Le contenu Quali-ATE de démonstration, ses correspondances depuis Qual-e-Pref, et quelques autodiagnostics et
    preuves de démonstration à reprendre (rien n'est migré : la migration s'essaie dans le navigateur)."""
    demo, cree = Referentiel.objects.get_or_create(
        code="quali-ate",
        version="demo",
        defaults={
            "titre": "Quali-ATE (contenu de démonstration)",
            "regle_perimetre": Referentiel.Regle.QUALI_ATE,
            "est_demo": True,
            "source": "Contenu inventé pour la démonstration : les titres et engagements de Quali-ATE ne sont pas "
            "publics.",
        },
    )
    if not cree:
        return demo
    _importer(importer_referentiel, DEMO_QUALI_ATE / "quali-ate-demo.csv", referentiel=demo)
    _importer(
        importer_correspondances,
        DEMO_QUALI_ATE / "correspondances_qual-e-pref-2019_quali-ate-demo.csv",
        depuis=qual_e_pref,
        vers=demo,
    )
    engagements = {(e.module.numero, e.numero): e for e in qual_e_pref.engagements.select_related("module")}

    def engagement(ligne: dict) -> Engagement:
        return engagements[(int(ligne["module"]), int(ligne["numero"]))]

    Autodiagnostic.objects.bulk_create(
        Autodiagnostic(
            engagement=engagement(ligne),
            date=date.fromisoformat(ligne["date"]),
            niveau=ligne["niveau"],
            commentaire=ligne["commentaire"],
            est_demo=True,
        )
        for ligne in _lire("demo-quali-ate/autodiagnostics.csv")
    )
    Preuve.objects.bulk_create(
        Preuve(
            engagement=engagement(ligne),
            titre=ligne["titre"],
            lien=ligne["lien"],
            date=date.fromisoformat(ligne["date"]),
            a_revoir_le=date.fromisoformat(ligne["a_revoir_le"]) if ligne["a_revoir_le"] else None,
            est_demo=True,
        )
        for ligne in _lire("demo-quali-ate/preuves.csv")
    )
    return demo


@transaction.atomic
def charger(*, stdout) -> None:
    site = site_principal()
    referentiels_charger()
    qual_e_pref = Referentiel.objects.get(code="qual-e-pref", version="2019")
    _cycle(site, qual_e_pref)
    relies = _services_concernes(qual_e_pref)
    demo = _quali_ate_demo(qual_e_pref)
    stdout.write(
        f"Référentiels : Qual-e-Pref ({qual_e_pref.modules.count()} modules, {qual_e_pref.engagements.count()} "
        f"engagements), Services Publics+, Quali-ATE ; cycle Qual-e-Pref et périmètre {{1, 7}} ; "
        f"{relies} liens engagement–service concerné ; {demo} ({demo.engagements.count()} engagements) et ses "
        f"correspondances, pour essayer le changement de référentiel."
    )
