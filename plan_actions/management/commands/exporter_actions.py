"""`manage.py exporter_actions FICHIER [--windows]` : exporte le plan d'actions (xlsx, ods ou csv)."""

from plan_actions.echanges import exporter
from plan_actions.models import Action
from qualite.imports import CommandeExport


class Command(CommandeExport):
    help = "Exporte tout le plan d'actions dans FICHIER (.xlsx, .ods ou .csv), tel que l'import le relit."

    def contenu(self, format_fichier: str, options) -> tuple[bytes, int]:
        actions = Action.objects.order_by("reference")
        return exporter(actions, format_fichier), actions.count()
