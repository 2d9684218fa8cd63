"""migrer_referentiel --depuis CODE:VERSION --vers CODE:VERSION [--dry-run]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from engagements.migration import lire_code_version, migrer_referentiel


class Command(BaseCommand):
    help = (
        "Passe d'un référentiel à l'autre d'après leurs correspondances : périmètre, autodiagnostics, preuves "
        "valides, actions ouvertes et constats ouverts repris sur les successeurs, en une transaction. "
        "--dry-run liste ce qui bougerait sans rien écrire."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--depuis", required=True, help="référentiel d'origine, CODE:VERSION (ex. qual-e-pref:2019)"
        )
        parser.add_argument("--vers", required=True, help="référentiel cible, CODE:VERSION (ex. quali-ate:demo)")
        parser.add_argument("--dry-run", action="store_true", help="liste les changements sans rien enregistrer")

    def handle(self, *args, **options):
        try:
            depuis = lire_code_version(options["depuis"])
            vers = lire_code_version(options["vers"])
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        rapport = migrer_referentiel(depuis=depuis, vers=vers, auteur=None, simulation=options["dry_run"])
        if not rapport.valide:
            for erreur in rapport.erreurs:
                self.stderr.write(erreur)
            raise CommandError("Migration refusée : rien n'a été enregistré.")
        titre = "Aperçu (rien n'est enregistré)" if rapport.simulation else "Migration faite"
        self.stdout.write(f"{titre} : {depuis} → {vers}")
        for groupe in rapport.par_nature():
            self.stdout.write(f"\n{groupe['libelle']} : {len(groupe['elements'])}")
            for changement in groupe["elements"]:
                self.stdout.write(f"  - {changement.libelle} : {changement.avant} → {changement.apres}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(rapport.resume))
