"""`python manage.py importer_organisation FICHIER --date AAAA-MM-JJ [--site NOM] [--dry-run]`."""

import datetime

from django.core.management.base import CommandError

from organisation.echanges import importer_organisation
from organisation.models import Site
from qualite.imports import CommandeImport


class Command(CommandeImport):
    help = (
        "Importe l'organisation (colonnes entité, direction, service, agents) et les effectifs à la date "
        "donnée par --date (obligatoire, ex. 2022-12-31). Les services créés le sont sur le site --site "
        "(par défaut, le site de la préfecture)."
    )
    importeur = staticmethod(importer_organisation)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--date", required=True, help="date des effectifs, AAAA-MM-JJ (ex. 2022-12-31)")
        parser.add_argument("--site", default="", help="nom du site des services créés")

    def options_importeur(self, options) -> dict:
        try:
            date = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"Date « {options['date']} » invalide : attendu AAAA-MM-JJ.") from None
        site = None
        if options["site"]:
            site = Site.objects.filter(nom=options["site"]).first()
            if site is None:
                raise CommandError(f"Site « {options['site']} » introuvable.")
        return {"date": date, "site": site}
