"""`manage.py generer_banc [--graine N]` : le jeu de données synthétique du banc de mesure."""

import time

from django.core.management.base import BaseCommand, CommandError

from qualite.banc.donnees import generer
from qualite.models import Utilisateur


class Command(BaseCommand):
    help = "Crée le jeu de données du banc (10 ans, 60 indicateurs, 2 000 actions, 500 constats) dans une base vide."

    def add_arguments(self, parser):
        parser.add_argument("--graine", type=int, default=2026, help="graine du hasard (résultat déterministe)")

    def handle(self, *args, **options):
        if Utilisateur.objects.exists():
            raise CommandError("La base n'est pas vide : le banc se génère dans une base neuve (make bench).")
        debut = time.perf_counter()
        volumes = generer(graine=options["graine"])
        duree = time.perf_counter() - debut
        detail = ", ".join(f"{nombre} {nom}" for nom, nombre in volumes.items())
        self.stdout.write(self.style.SUCCESS(f"Jeu du banc créé en {duree:.1f} s : {detail}."))
