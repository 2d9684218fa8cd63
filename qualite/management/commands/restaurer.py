"""`manage.py restaurer FICHIER [--oui]` : remplace la base et les fichiers par ceux d'une sauvegarde."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualite.banc.sauvegarde import ErreurSauvegarde, horodatage, lire_manifeste, restaurer


class Command(BaseCommand):
    help = "Restaure une sauvegarde (make restauration FICHIER=…) : la base et MEDIA_ROOT sont remplacés."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="archive .tar.gz écrite par `manage.py sauvegarder`")
        parser.add_argument("--oui", action="store_true", help="ne pas demander de confirmation")

    def handle(self, *args, **options):
        fichier = Path(options["fichier"])
        if not fichier.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            manifeste = lire_manifeste(fichier)
            if not options["oui"]:
                question = (
                    f"Sauvegarde du {horodatage(manifeste)} ({manifeste['moteur']}). "
                    "La base et les fichiers actuels seront remplacés. Continuer ? [o/N] "
                )
                if input(question).strip().lower() not in ("o", "oui"):
                    raise CommandError("Restauration annulée : rien n'a été modifié.")
            restaurer(fichier)
        except ErreurSauvegarde as erreur:
            raise CommandError(str(erreur)) from None
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde du {horodatage(manifeste)} restaurée."))
