"""`python manage.py charger_referentiels` : les référentiels livrés (Qual-e-Pref, Services Publics+, Quali-ATE)."""

from django.core.management.base import BaseCommand

from engagements.livraison import referentiels_charger


class Command(BaseCommand):
    help = (
        "Charge les référentiels livrés avec l'application : Qual-e-Pref, Services Publics+ 2023 et la structure "
        "de Quali-ATE. Idempotent : un référentiel déjà présent n'est pas modifié."
    )

    def handle(self, *args, **options):
        for chargement in referentiels_charger():
            self.stdout.write(chargement.resume)
