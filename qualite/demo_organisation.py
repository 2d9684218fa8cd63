"""Démonstration : l'organisation de la préfecture de la Haute-Savoie et ses 181 agents au 31/12/2022.

Le tableau qualite/donnees/organisation_2022.csv (33 services, Préfecture 113 + SGCD 68) est importé
avec le même service que l'import par fichier ; relancer la démonstration ne duplique rien.
"""

import datetime
from pathlib import Path

from django.core.management.base import CommandError

from .imports import executer_import
from .models import Site
from .services_organisation import importer_organisation

FICHIER = Path(__file__).resolve().parent / "donnees" / "organisation_2022.csv"
DATE_EFFECTIFS = datetime.date(2022, 12, 31)


def charger(*, stdout) -> None:
    site, _ = Site.objects.get_or_create(
        nom="Préfecture de la Haute-Savoie",
        defaults={"type": Site.Type.PREFECTURE, "adresse": "30 rue du 30e régiment d'infanterie, 74000 Annecy"},
    )
    with open(FICHIER, "rb") as fichier:
        rapport = executer_import(
            importer_organisation,
            simulation=False,
            fichier=fichier,
            nom=FICHIER.name,
            utilisateur=None,
            date=DATE_EFFECTIFS,
            site=site,
        )
    if rapport.erreurs:
        raise CommandError("Organisation de démonstration refusée : " + " ; ".join(rapport.erreurs))
    stdout.write(f"Organisation au {DATE_EFFECTIFS:%d/%m/%Y} : {rapport.resume}")
