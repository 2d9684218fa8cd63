"""`manage.py importer_constats FICHIER --audit ID [--dry-run]` : le tableau de l'auditeur."""

from django.core.management.base import CommandError

from audits.echanges import importer_constats
from audits.models import Audit
from qualite.imports import CommandeImport


class Command(CommandeImport):
    help = "Importe le tableau de l'auditeur (N°, Module, Points sensibles, Pistes de progrès, Points forts)."
    importeur = importer_constats

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--audit", type=int, required=True, help="identifiant de l'audit")

    def options_importeur(self, options) -> dict:
        audit = Audit.objects.avec_details().filter(pk=options["audit"]).first()
        if audit is None:
            raise CommandError(f"Audit introuvable : {options['audit']}")
        return {"audit": audit}
