"""Démonstration des enquêtes et de l'écoute des usagers, appelée par `indicateurs.demo.charger`.

Données de la seed telles quelles (donnees/*.csv) :
- les résultats par critère 2022 et 2023, importés par le même importeur que `importer_enquete` ;
- la description de l'enquête 2023 (période, échantillon 332, 86 réponses, 18 questions…) ;
  l'enquête 2022 n'a que ses taux (champs inconnus laissés vides) ;
- les 8 tendances des mentions littérales (35 mentions) ;
- l'enquête mystère du standard (février à juin 2023, 93 %), reliée à l'indicateur `appels_mysteres_positifs`.
Registre : l'expérience JDMA de la seed (date inventée) et quelques réclamations de janvier 2024, toutes
marquées « démo » ; elles ne touchent aucune période publiée des indicateurs de réclamations, qui restent saisis.
"""

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from indicateurs.demo import lire_resultats
from indicateurs.models import Indicateur
from organisation.models import Service
from qualite.formatage import accord
from qualite.imports import executer_import

from .echanges import importer_enquete
from .models import Canal, EnqueteMystere, ObjetSollicitation, Sollicitation, TypeSollicitation
from .models import CanalSollicitation as CanalS
from .selectors import texte_taux_reponse
from .services import (
    enquete_enregistrer,
    enquete_mystere_enregistrer,
    enquete_obtenir,
    mention_enregistrer,
    sollicitation_enregistrer,
)

DONNEES = Path(__file__).parent / "donnees"
APPELS_MYSTERES = DONNEES / "appels_mysteres_2023.json"
SATISFACTION = DONNEES / "satisfaction_2022_2023.csv"
ENQUETE_2023 = DONNEES / "enquete_satisfaction_2023.csv"
MENTIONS_2023 = DONNEES / "mentions_litterales_2023.csv"

JDMA_SEED = (
    "Obtention du numéro NEPH pour repasser le code suite à une suspension : demande en cours depuis "
    "9 semaines, l'usager (pour son fils) s'inquiète des délais."
)
REPONSE_JDMA_SEED = (
    "Délais du CERT allongés par des dysfonctionnements techniques ; invitation à écrire à la boîte "
    "fonctionnelle en précisant l'urgence (perte d'emploi) pour un examen du dossier."
)
# (reçue le, canal, objet, résumé, répondue le) : réclamations inventées pour la démonstration.
RECLAMATIONS_DEMO = [
    (date(2024, 1, 3), CanalS.COURRIEL, ObjetSollicitation.RENDEZ_VOUS, "Aucun créneau de rendez-vous", 4),
    (date(2024, 1, 8), CanalS.COURRIEL, ObjetSollicitation.ETRANGERS, "Titre de séjour en attente", 2),
    (date(2024, 1, 10), CanalS.COURRIER, ObjetSollicitation.DELAIS, "Délai de traitement jugé long", 6),
    (date(2024, 1, 15), CanalS.GUICHET, ObjetSollicitation.ACCUEIL, "Attente au guichet", 1),
    (date(2024, 1, 22), CanalS.COURRIEL, ObjetSollicitation.RENDEZ_VOUS, "Module de rendez-vous difficile", 3),
    (date(2024, 1, 29), CanalS.TELEPHONE, ObjetSollicitation.PERMIS, "Permis de conduire non reçu", None),
]


def _lire(chemin: Path) -> list[dict]:
    with open(chemin, encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def lire_mentions() -> list[tuple[str, int]]:
    """(tendance, nombre) ; le fichier de la seed laisse une virgule non protégée dans une tendance :
    le nombre est le dernier champ, la tendance tout ce qui le précède."""
    with open(MENTIONS_2023, encoding="utf-8") as fichier:
        lignes = list(csv.reader(fichier))[1:]
    return [(",".join(ligne[:-1]).strip(), int(ligne[-1])) for ligne in lignes if ligne]


def _resultats_satisfaction() -> None:
    with open(SATISFACTION, "rb") as fichier:
        rapport = executer_import(importer_enquete, simulation=False, fichier=fichier, nom=SATISFACTION.name)
    if rapport.erreurs:  # pragma: no cover - le fichier embarqué est valide
        raise ValueError("; ".join(rapport.erreurs))


def _enquete_2023() -> None:
    champs = {ligne["champ"]: ligne["valeur"] for ligne in _lire(ENQUETE_2023)}
    enquete, _ = enquete_obtenir(annee=2023)
    enquete.periode = champs["periode"]
    enquete.echantillon = int(champs["echantillon"])
    enquete.reponses = int(champs["reponses"])
    enquete.nombre_questions = int(champs["nombre_questions"])
    enquete.mode_collecte = champs["mode_collecte"]
    enquete.themes = champs["themes"]
    enquete.mesure = champs["mesure"]
    enquete_enregistrer(enquete=enquete)
    # Le taux affiché par la seed est vérifié, jamais recopié : il se calcule (86 / 332).
    if texte_taux_reponse(enquete).replace("\u00a0", " ") != champs["taux_reponse_affiche"]:  # pragma: no cover
        raise ValueError("Le taux de réponse calculé ne redonne pas celui de la seed.")
    for ordre, (tendance, nombre) in enumerate(lire_mentions()):
        mention_enregistrer(enquete=enquete, categorie=tendance, nombre=nombre, ordre=ordre)


def _enquete_mystere() -> None:
    publie = next(ligne for ligne in lire_resultats() if ligne["indicateur"] == "appels_mysteres_positifs")
    enquete = EnqueteMystere.objects.filter(annee=int(publie["periode"]), canal=Canal.TELEPHONE).first()
    enquete = enquete or EnqueteMystere(annee=int(publie["periode"]), canal=Canal.TELEPHONE)
    description = json.loads(APPELS_MYSTERES.read_text(encoding="utf-8"))
    enquete.intitule = description["intitule"]
    enquete.periode = description["periode"]
    enquete.partenaires = description["partenaires"]
    enquete.nombre_tests = None  # inconnu : la seed ne le donne pas
    enquete.tests_positifs = None
    enquete.taux_positifs = Decimal(publie["valeur"])
    enquete.indicateur = Indicateur.objects.filter(code="appels_mysteres_positifs").first()
    enquete_mystere_enregistrer(enquete=enquete)


def _registre() -> int:
    service = Service.objects.filter(nom="Pôle accueil téléphonique").first()
    demandes = [
        (date(2023, 10, 16), TypeSollicitation.JDMA, CanalS.SERVICES_PUBLICS_PLUS, ObjetSollicitation.PERMIS,
         f"{JDMA_SEED} (date de démo)", REPONSE_JDMA_SEED, date(2023, 10, 18)),
    ] + [
        (recue, TypeSollicitation.RECLAMATION, canal, objet, f"{resume} (démo)",
         "Réponse apportée à l'usager (démo)" if delai is not None else "",
         date.fromordinal(recue.toordinal() + delai) if delai is not None else None)
        for recue, canal, objet, resume, delai in RECLAMATIONS_DEMO
    ]  # fmt: skip
    nb = 0
    for recue, type_, canal, objet, resume, reponse, repondue in demandes:
        if Sollicitation.objects.filter(recue_le=recue, resume=resume).exists():
            continue
        sollicitation_enregistrer(
            sollicitation=Sollicitation(
                type=type_,
                recue_le=recue,
                canal=canal,
                objet=objet,
                service=service,
                resume=resume,
                reponse=reponse,
                repondue_le=repondue,
                est_demo=True,
            )
        )
        nb += 1
    return nb


@transaction.atomic
def charger(*, stdout) -> None:
    _resultats_satisfaction()
    _enquete_2023()
    _enquete_mystere()
    nb = _registre()
    stdout.write(
        "Enquêtes : satisfaction 2022 et 2023, 8 tendances de mentions littérales, enquête mystère du standard ; "
        "écoute des usagers : "
        f"{accord(nb, 'sollicitation de démonstration ajoutée', 'sollicitations de démonstration ajoutées')}."
    )
