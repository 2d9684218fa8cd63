"""`manage.py importer_indicateurs FICHIER [--dry-run]` : importe des définitions d'indicateurs."""

from qualite.imports import CommandeImport

from ...echanges import importer_indicateurs


class Command(CommandeImport):
    help = "Crée ou met à jour (par code) des définitions d'indicateurs depuis un fichier .xlsx, .ods ou .csv."
    importeur = staticmethod(importer_indicateurs)
