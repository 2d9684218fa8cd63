"""generer_bilan ANNEE --edition copil|clu --sortie FICHIER.pdf : le même PDF que la tâche, en synchrone."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bilan.models import Edition
from bilan.rendu import rendre_pdf
from qualite.annees import annee_valide


class Command(BaseCommand):
    help = "Construit le bilan qualité d'une année en PDF (sans passer par Celery)."

    def add_arguments(self, parser):
        parser.add_argument("annee", type=int, help="Année du bilan, ex. 2023")
        parser.add_argument("--edition", choices=Edition.values, default=Edition.COPIL, help="copil ou clu")
        parser.add_argument("--sortie", required=True, help="Fichier PDF à écrire")

    def handle(self, *args, annee, edition, sortie, **options):
        if not annee_valide(annee):
            raise CommandError(f"Année invalide : {annee}.")
        chemin = Path(sortie)
        if not chemin.parent.exists():
            raise CommandError(f"Le dossier {chemin.parent} n'existe pas.")
        pdf = rendre_pdf(annee, edition)
        chemin.write_bytes(pdf.contenu)
        self.stdout.write(self.style.SUCCESS(f"{pdf.titre} : {chemin} ({pdf.nb_pages} pages)."))
