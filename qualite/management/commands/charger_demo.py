"""Charge la démonstration de la préfecture de la Haute-Savoie (idempotent).

Chaque application fournit un module `demo.py` avec une fonction `charger(*, stdout)` ;
les étapes s'enchaînent dans l'ordre des couches.
"""

from importlib import import_module

from django.core.management.base import BaseCommand

ETAPES = [
    "qualite.demo_organisation",
    "qualite.demo",
    "engagements.demo",
    "plan_actions.demo",
    "audits.demo",
    "indicateurs.demo",
    "pilotage.demo",
    "bilan.demo",
]


class Command(BaseCommand):
    help = "Charge les données de démonstration de la préfecture de la Haute-Savoie (idempotent)."

    def handle(self, *args, **options):
        for nom in ETAPES:
            try:
                module = import_module(nom)
            except ModuleNotFoundError as erreur:
                if erreur.name != nom:
                    raise
                continue
            module.charger(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Démonstration chargée."))
