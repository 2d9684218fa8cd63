"""`manage.py importer_actions FICHIER [--dry-run]` : importe le plan d'actions (xlsx, ods ou csv)."""

from plan_actions.echanges import importer_actions
from qualite.imports import CommandeImport


class Command(CommandeImport):
    help = "Importe ou met à jour (par N°) le plan d'actions depuis un fichier .xlsx, .ods ou .csv."
    importeur = staticmethod(importer_actions)
