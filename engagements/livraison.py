"""Les référentiels livrés avec l'application (engagements/donnees/referentiels/) : Qual-e-Pref (8 modules,
engagements des modules 1 et 7), Services Publics+ (les 8 engagements depuis mai 2023), la structure de Quali-ATE.

Chaque référentiel est un fichier d'échange (le même format que l'export) chargé par l'import lui-même.
Le chargement est idempotent : un référentiel déjà présent (même code et même version) n'est pas touché,
si bien que ce que le référent qualité y a saisi ou corrigé est conservé.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from qualite.imports import executer_import

from .echanges import importer_referentiel
from .models import Referentiel

DOSSIER = Path(__file__).resolve().parent / "donnees" / "referentiels"


@dataclass(frozen=True)
class Chargement:
    referentiel: Referentiel
    charge: bool  # faux : il était déjà là

    @property
    def resume(self) -> str:
        etat = "chargé" if self.charge else "déjà présent, inchangé"
        return f"{self.referentiel} : {etat}"


def descriptions() -> list[dict]:
    with open(DOSSIER / "referentiels.csv", encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


@transaction.atomic
def referentiels_charger() -> list[Chargement]:
    """Crée les référentiels livrés qui manquent ; renvoie, pour chacun, s'il vient d'être chargé."""
    resultat = []
    for description in descriptions():
        existant = Referentiel.objects.filter(code=description["code"], version=description["version"]).first()
        if existant is not None:
            resultat.append(Chargement(existant, charge=False))
            continue
        referentiel = Referentiel.objects.create(
            code=description["code"],
            version=description["version"],
            titre=description["titre"],
            date_debut=date.fromisoformat(description["date_debut"]) if description["date_debut"] else None,
            regle_perimetre=description["regle_perimetre"],
            source=description["source"],
        )
        if not description["fichier"]:  # une structure sans module public (Quali-ATE) : la règle seule
            resultat.append(Chargement(referentiel, charge=True))
            continue
        chemin = DOSSIER / description["fichier"]
        with open(chemin, "rb") as fichier:
            rapport = executer_import(
                importer_referentiel,
                simulation=False,
                fichier=fichier,
                nom=chemin.name,
                utilisateur=None,
                referentiel=referentiel,
            )
        if rapport.erreurs:  # un fichier livré est vérifié par les tests : ne devrait jamais arriver
            raise ValidationError(f"Référentiel livré {chemin.name} illisible : " + " ; ".join(rapport.erreurs))
        resultat.append(Chargement(referentiel, charge=True))
    return resultat
