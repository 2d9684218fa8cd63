"""Démonstration du plan d'actions (idempotente).

1. les 4 exemples d'actions en cours du bilan 2023 (donnees/actions_exemples.csv) ;
2. une action pour chaque piste de progrès et chaque point sensible de l'audit 2023
   (donnees/observations_audit_2023.csv), sauf celles déjà couvertes par un exemple ;
3. des actions générées, marquées « (démo) » et `est_demo=True`, pour atteindre exactement
   155 actions créées depuis 2019, comme dans le bilan qualité des documents sources.

Les modules sont ceux du référentiel Qual-e-Pref, celui du label de 2019 à 2023. Chaque action générée est
enregistrée d'un coup (une ligne d'historique « Création » avec son statut, son avancement, ses dates) : l'état du
plan à une date passée se lit sur ses propres dates (`plan_actions.selectors.actions_a_date`).
"""

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from engagements.models import Module
from organisation.models import Service
from qualite.formatage import accord

from .models import Action, Origine, Priorite, Statut
from .services import action_creer, action_preparer, actions_creer_en_masse

DONNEES = Path(__file__).resolve().parent / "donnees"
TOTAL_DEPUIS_2019 = 155
GRAINE = 2019
DATE_AUDIT_2023 = date(2023, 1, 31)
ANNEES = (2019, 2020, 2021, 2022, 2023)
# Services susceptibles de piloter les actions, pris par leur nom s'ils existent.
SERVICES_DEMO = [
    "Pôle accueil téléphonique",
    "Bureau de l'accueil et du séjour des étrangers",
    "Bureau de la citoyenneté et des activités réglementées",
    "Service interministériel de défense et de protection civile (SIDPC)",
    "Bureau de la représentation et de la communication de l'État",
    "Appui au pilotage (dont le référent qualité)",
    "Pôle logistique et entretien du patrimoine",
    "Pôle accueil courrier",
    "Pôle gestion des compétences, action sociale et prévention",
]
THEMES_DEMO = [
    (Origine.ENQUETE, "Améliorer la signalétique du hall d'accueil"),
    (Origine.ENQUETE, "Actualiser les horaires affichés sur le site internet"),
    (Origine.RECLAMATION, "Réduire le délai de réponse aux réclamations écrites"),
    (Origine.RECLAMATION, "Répondre aux avis publiés sur Services Publics+"),
    (Origine.INDICATEUR, "Réduire le taux d'appels perdus aux heures de pointe"),
    (Origine.INDICATEUR, "Suivre mensuellement le délai de réponse aux courriels"),
    (Origine.RETEX, "Mettre à jour la fiche réflexe de la cellule de crise"),
    (Origine.RETEX, "Tester l'accueil téléphonique en horaires décalés"),
    (Origine.CLU, "Présenter les résultats de l'enquête au comité local des usagers"),
    (Origine.COPIL, "Mettre à jour la cartographie des processus"),
    (Origine.COPIL, "Former les nouveaux agents au guide de l'accueil"),
    (Origine.INTERNE, "Harmoniser les modèles de courriers de réponse"),
    (Origine.INTERNE, "Réorganiser les créneaux du point d'accueil numérique"),
    (Origine.CONSTAT_AUDIT, "Formaliser le suivi des formations des agents d'accueil"),
]


def _services() -> list[Service | None]:
    trouves = {s.nom: s for s in Service.objects.filter(nom__in=SERVICES_DEMO)}
    return [trouves.get(nom) for nom in SERVICES_DEMO]


REFERENTIEL_DU_PLAN = "qual-e-pref"


def _module(numero: int) -> Module | None:
    """Le module `numero` de Qual-e-Pref (jamais celui d'un autre référentiel qui porte le même numéro)."""
    modules = Module.objects.filter(numero=numero, referentiel__code=REFERENTIEL_DU_PLAN)
    return modules.order_by("referentiel__date_debut", "pk").first()


def _reference_libre(annee: int, prises: set[str] | None = None) -> str:
    numero = 1
    existantes = set(Action.objects.filter(reference__startswith=f"{annee}-").values_list("reference", flat=True))
    existantes |= prises or set()
    while f"{annee}-{numero:03d}" in existantes:
        numero += 1
    return f"{annee}-{numero:03d}"


def _actions_des_seeds() -> list[dict]:
    """Exemples puis observations d'audit 2023, dans l'ordre des fichiers."""
    actions = []
    libelles_exemples = set()
    with open(DONNEES / "actions_exemples.csv", encoding="utf-8") as fichier:
        for ligne in csv.DictReader(fichier):
            origine_libelle = ligne["origine"].strip()
            libelles_exemples.add(origine_libelle)
            actions.append(
                {
                    "intitule": ligne["action"].strip(),
                    "origine": Origine.CONSTAT_AUDIT if "audit" in origine_libelle else Origine.INTERNE,
                    "origine_libelle": origine_libelle,
                    "statut": Statut.EN_COURS,
                    "module": _numero_module(origine_libelle),
                }
            )
    with open(DONNEES / "observations_audit_2023.csv", encoding="utf-8") as fichier:
        for ligne in csv.DictReader(fichier):
            module = ligne["Module"].strip()
            precision = module if module == "Pilotage" else module
            origine_libelle = f"observation d'audit 2023 n°{ligne['N°']} ({precision})"
            if origine_libelle in libelles_exemples:
                continue
            for colonne in ("Points sensibles", "Pistes de progrès"):
                texte = ligne[colonne].strip()
                if texte:
                    actions.append(
                        {
                            "intitule": texte,
                            "origine": Origine.CONSTAT_AUDIT,
                            "origine_libelle": origine_libelle,
                            "statut": Statut.A_LANCER,
                            "module": _numero_module(origine_libelle),
                            "priorite": Priorite.HAUTE if colonne == "Points sensibles" else Priorite.NORMALE,
                        }
                    )
    return actions


def _numero_module(libelle: str) -> int | None:
    for numero in (1, 7):
        if f"(Module {numero})" in libelle:
            return numero
    return None


def _plan_genere(nombre: int) -> list[dict]:
    """`nombre` actions de démonstration, toujours les mêmes (graine fixe), réparties de 2019 à 2023."""
    hasard = random.Random(GRAINE)
    actions = []
    for index in range(nombre):
        annee = ANNEES[index * len(ANNEES) // nombre]
        origine, theme = THEMES_DEMO[index % len(THEMES_DEMO)]
        creation = date(annee, 1, 15) + timedelta(days=hasard.randint(0, 320))
        echeance = creation + timedelta(days=hasard.choice((60, 90, 120, 180, 270)))
        anciennete = 2023 - annee
        tirage = hasard.random()
        if anciennete >= 2:
            statut = Statut.REALISEE if tirage < 0.85 else Statut.ABANDONNEE
        elif anciennete == 1:
            statut = Statut.REALISEE if tirage < 0.65 else Statut.EN_COURS if tirage < 0.85 else Statut.REPORTEE
        else:
            statut = Statut.A_LANCER if tirage < 0.35 else Statut.EN_COURS if tirage < 0.8 else Statut.REALISEE
        avancement = {Statut.REALISEE: 100, Statut.A_LANCER: 0, Statut.ABANDONNEE: 0}.get(
            statut, hasard.choice((20, 40, 50, 60, 80))
        )
        actions.append(
            {
                "annee": annee,
                "intitule": f"{theme} (démo {index + 1})",
                "origine": origine,
                "creation": creation,
                "echeance": echeance,
                "statut": statut,
                "avancement": avancement,
                "date_realisation": min(echeance, date(2023, 10, 31)) if statut == Statut.REALISEE else None,
                "service_index": hasard.randrange(len(SERVICES_DEMO)),
                "module": hasard.choice((1, 1, 7, None)),
            }
        )
    return actions


@transaction.atomic
def charger(*, stdout) -> None:
    services = _services()
    accueil = services[0]
    crees = 0
    seeds = _actions_des_seeds()
    for numero, donnees in enumerate(seeds):
        if Action.objects.filter(intitule=donnees["intitule"], origine_libelle=donnees["origine_libelle"]).exists():
            continue
        module = _module(donnees["module"]) if donnees["module"] else None
        action = action_creer(
            reference=_reference_libre(2023),
            intitule=donnees["intitule"],
            origine=donnees["origine"],
            origine_libelle=donnees["origine_libelle"],
            service_pilote=accueil if numero == 0 else None,
            modules=[module] if module else [],
            priorite=donnees.get("priorite", Priorite.NORMALE),
            statut=donnees["statut"],
        )
        # Actions issues de l'audit de renouvellement de janvier 2023 (historique_label.csv).
        Action.objects.filter(pk=action.pk).update(date_creation=DATE_AUDIT_2023)
        crees += 1

    deja = set(Action.objects.filter(est_demo=True).values_list("intitule", flat=True))
    prises: set[str] = set()
    nouvelles = []
    for donnees in _plan_genere(TOTAL_DEPUIS_2019 - len(seeds)):
        if donnees["intitule"] in deja:
            continue
        module = _module(donnees["module"]) if donnees["module"] else None
        reference = _reference_libre(donnees["annee"], prises)
        prises.add(reference)
        nouvelles.append(
            action_preparer(
                reference=reference,
                intitule=donnees["intitule"],
                description="Action générée pour la démonstration (le plan réel compte 155 actions depuis 2019).",
                origine=donnees["origine"],
                service_pilote=services[donnees["service_index"]],
                modules=[module] if module else [],
                echeance=donnees["echeance"],
                statut=donnees["statut"],
                avancement=donnees["avancement"],
                date_realisation=donnees["date_realisation"],
                date_creation=donnees["creation"],
                est_demo=True,
            )
        )
    crees += len(actions_creer_en_masse(nouvelles=nouvelles, auteur=None))
    stdout.write(
        f"Plan d'actions : {accord(crees, 'action créée', 'actions créées')}, "
        f"{Action.objects.filter(date_creation__year__gte=2019).count()} depuis 2019."
    )
