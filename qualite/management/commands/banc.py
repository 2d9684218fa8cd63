"""`manage.py banc` : mesure la base du banc et imprime un tableau (lancé par `make bench`)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from qualite.banc.mesures import MESURES, Contexte
from qualite.banc.tableau import formater


class Command(BaseCommand):
    help = "Mesure les pages, la charge, le bilan et l'import sur la base du banc (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--repetitions", type=int, default=50, help="requêtes par page (p50 / p95)")
        parser.add_argument("--duree-charge", type=int, default=30, help="durée de chaque tir wrk, en secondes")
        parser.add_argument("--lignes-import", type=int, default=10_000, help="actions du fichier importé")

    def handle(self, *args, **options):
        nom = str(connection.settings_dict["NAME"])
        # Garde-fou : le banc importe 10 000 actions ; jamais dans la base de travail.
        if Path(nom).name != "banc.sqlite3" and not nom.endswith("_banc"):
            raise CommandError(
                f"La base « {nom} » n'est pas celle du banc : lancez `make bench` (base séparée, créée puis remplie)."
            )
        contexte = Contexte(
            repetitions=options["repetitions"],
            duree_charge=options["duree_charge"],
            lignes_import=options["lignes_import"],
        )
        lignes = []
        for mesure in MESURES:
            debut = time.perf_counter()
            lignes.extend(mesure(contexte))
            self.stderr.write(f"{mesure.__name__} : {time.perf_counter() - debut:.0f} s")
        self.stdout.write(f"Banc qualite — moteur {connection.vendor}, base {nom}\n")
        self.stdout.write(formater(lignes))
