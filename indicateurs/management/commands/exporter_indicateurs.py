"""`manage.py exporter_indicateurs FICHIER [--windows]` : exporte les définitions des indicateurs."""

from qualite.imports import CommandeExport

from ...echanges import exporter_indicateurs
from ...models import Indicateur


class Command(CommandeExport):
    help = "Exporte les définitions des indicateurs dans FICHIER (.xlsx, .ods ou .csv), telles que l'import les relit."

    def contenu(self, format_fichier: str, options) -> tuple[bytes, int]:
        indicateurs = Indicateur.objects.order_by("ordre", "code")
        return exporter_indicateurs(indicateurs, format_fichier), indicateurs.count()
