"""`manage.py exporter_mesures FICHIER [--annee AAAA] [--windows]` : exporte les mesures (xlsx, ods ou csv)."""

from qualite.imports import CommandeExport

from ...echanges import exporter_mesures
from ...selectors import mesures_pour_export


class Command(CommandeExport):
    help = "Exporte les mesures des indicateurs dans FICHIER (.xlsx, .ods ou .csv), telles que l'import les relit."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--annee", type=int, help="seulement les mesures de cette année")

    def contenu(self, format_fichier: str, options) -> tuple[bytes, int]:
        mesures = mesures_pour_export(options.get("annee"))
        return exporter_mesures(mesures, format_fichier), mesures.count()
