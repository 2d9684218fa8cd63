"""`manage.py sauvegarder [--sortie F]` : base et fichiers téléversés dans une archive .tar.gz."""

from django.core.management.base import BaseCommand, CommandError

from qualite.banc.sauvegarde import ErreurSauvegarde, sauvegarder


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers téléversés (MEDIA_ROOT) dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--sortie", help="chemin de l'archive (défaut : var/sauvegardes/qualite-DATE.tar.gz)")

    def handle(self, *args, **options):
        try:
            chemin = sauvegarder(options["sortie"])
        except ErreurSauvegarde as erreur:
            raise CommandError(str(erreur)) from None
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {chemin}"))
