"""manage.py importer_mesures FICHIER [--dry-run] : importe les mesures des indicateurs (xlsx, ods ou csv)."""

from qualite.imports import CommandeImport

from ...echanges import importer_mesures


class Command(CommandeImport):
    help = (
        "Importe des mesures d'indicateurs : colonnes Indicateur, Période (AAAA-MM, AAAA-Tn ou AAAA), "
        "Numérateur, Dénominateur, Valeur, Provisoire, Commentaire."
    )
    importeur = staticmethod(importer_mesures)
