"""`python manage.py exporter_organisation FICHIER --date AAAA-MM-JJ [--windows]` : services et effectifs."""

import datetime

from django.core.management.base import CommandError

from organisation.echanges import exporter_organisation, lignes_organisation
from qualite.imports import CommandeExport


class Command(CommandeExport):
    help = "Exporte l'organisation et les effectifs à la date --date (le fichier se réimporte sans perte)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--date", required=True, help="date des effectifs, AAAA-MM-JJ (ex. 2022-12-31)")

    def contenu(self, format_fichier: str, options) -> tuple[bytes, int]:
        try:
            date = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"Date « {options['date']} » invalide : attendu AAAA-MM-JJ.") from None
        return exporter_organisation(date=date, format=format_fichier), lignes_organisation(date)
