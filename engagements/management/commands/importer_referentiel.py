"""importer_referentiel FICHIER --referentiel CODE [--version-referentiel V] [--dry-run]"""

from django.core.management.base import CommandError

from engagements.echanges import importer_referentiel
from engagements.models import Referentiel
from qualite.imports import CommandeImport


class Command(CommandeImport):
    help = (
        "Importe les modules et engagements d'un référentiel (colonnes Module, Titre du module, Type, N°, Engagement)."
    )
    importeur = staticmethod(importer_referentiel)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--referentiel", required=True, help="code du référentiel (ex. qual-e-pref)")
        parser.add_argument("--version-referentiel", default=None, help="version (par défaut la plus récente)")

    def options_importeur(self, options) -> dict:
        referentiels = Referentiel.objects.filter(code=options["referentiel"])
        if options["version_referentiel"] is not None:
            referentiels = referentiels.filter(version=options["version_referentiel"])
        referentiel = referentiels.order_by("-pk").first()
        if referentiel is None:
            raise CommandError(
                f"Référentiel introuvable : {options['referentiel']} {options['version_referentiel'] or ''}".strip()
            )
        return {"referentiel": referentiel}
