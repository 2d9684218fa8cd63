"""manage.py importer_enquete FICHIER [--dry-run] : importe les résultats d'enquête de satisfaction."""

from qualite.imports import CommandeImport

from ...echanges import importer_enquete


class Command(CommandeImport):
    help = (
        "Importe les résultats d'enquête de satisfaction : colonnes Thème, Critère, puis une colonne par année "
        "(taux très satisfait + satisfait, en %)."
    )
    importeur = staticmethod(importer_enquete)
