from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "Référentiels et engagements"

    def ready(self) -> None:
        from . import migration, selectors
        from .preparation import enregistrer_critere
        from .reprises import enregistrer_reprise

        enregistrer_critere(
            ordre=10, cle="non_evalues", libelle="Engagements non évalués", fonction=selectors.critere_non_evalues
        )
        enregistrer_critere(
            ordre=20, cle="sans_preuve", libelle="Engagements sans preuve", fonction=selectors.critere_sans_preuve
        )
        enregistrer_critere(
            ordre=30,
            cle="preuves_expirees",
            libelle="Engagements avec une preuve à revoir (date dépassée)",
            fonction=selectors.critere_preuves_expirees,
        )
        enregistrer_reprise(
            ordre=10, cle="perimetres", libelle="Périmètres de labellisation", fonction=migration.reprendre_perimetres
        )
        enregistrer_reprise(
            ordre=20, cle="autodiagnostics", libelle="Autodiagnostics", fonction=migration.reprendre_autodiagnostics
        )
        enregistrer_reprise(ordre=30, cle="preuves", libelle="Preuves valides", fonction=migration.reprendre_preuves)
