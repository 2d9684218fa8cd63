"""generer_presentation ANNEE --edition copil|clu --format pptx|pdf --sortie FICHIER : le diaporama du comité,
le même que la tâche, en synchrone."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bilan.models import Edition, FormatPresentation
from bilan.presentation.contenu import CLES
from bilan.presentation.rendu import rendre
from qualite.annees import annee_valide


class Command(BaseCommand):
    help = "Construit le diaporama du comité d'une année en PPTX ou en PDF 16:9 (sans passer par Celery)."

    def add_arguments(self, parser):
        parser.add_argument("annee", type=int, help="Année du diaporama, ex. 2023")
        parser.add_argument("--edition", choices=Edition.values, default=Edition.COPIL, help="copil ou clu")
        parser.add_argument("--format", choices=FormatPresentation.values, default=FormatPresentation.PPTX)
        parser.add_argument("--sortie", required=True, help="Fichier à écrire (.pptx ou .pdf)")
        parser.add_argument(
            "--sans",
            action="append",
            default=[],
            choices=CLES,
            metavar="DIAPOSITIVE",
            help=f"Diapositive à retirer (répétable) : {', '.join(CLES)}",
        )
        parser.add_argument("--masque", help="Masque PowerPoint (.pptx) de la préfecture (format pptx)")

    def handle(self, *args, annee, edition, format, sortie, sans, masque, **options):
        if not annee_valide(annee):
            raise CommandError(f"Année invalide : {annee}.")
        chemin = Path(sortie)
        if not chemin.parent.exists():
            raise CommandError(f"Le dossier {chemin.parent} n'existe pas.")
        modele = Path(masque) if masque else None
        if modele is not None and not modele.is_file():
            raise CommandError(f"Le masque {modele} est introuvable.")
        debut = time.perf_counter()
        fichier = rendre(annee, edition, format, retenues=[c for c in CLES if c not in sans], masque=modele)
        chemin.write_bytes(fichier.contenu)
        duree = f"{time.perf_counter() - debut:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                f"{fichier.titre} : {chemin} ({fichier.nb_diapositives} diapositives, {format.upper()}, {duree} s)."
            )
        )
