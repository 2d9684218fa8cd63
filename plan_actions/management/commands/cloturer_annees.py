"""Clôt les années terminées : l'état des actions au 31/12 et les chiffres du tableau de bord sont figés."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plan_actions import services


class Command(BaseCommand):
    help = (
        "Clôt chaque année terminée encore ouverte (la tâche quotidienne le fait aussi) ; avec --annee et "
        "--refaire, relit dans l'historique l'état au 31/12 d'une année déjà close."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="une seule année (terminée)")
        parser.add_argument("--refaire", action="store_true", help="reclôt l'année même si elle l'est déjà")

    def handle(self, *args, **options):
        if options["annee"] is None:
            if options["refaire"]:
                raise CommandError("--refaire demande --annee : une année close ne se reclôt qu'explicitement.")
            annees = services.annees_cloturer()
            self.stdout.write(f"Années closes : {', '.join(map(str, annees))}." if annees else "Aucune année à clore.")
            return
        try:
            cloture = services.annee_cloturer(annee=options["annee"], refaire=options["refaire"])
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        self.stdout.write(f"Année {cloture.annee} close le {cloture.cloturee_le:%d/%m/%Y à %H:%M}.")
