from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs et enquêtes"

    def ready(self) -> None:
        from engagements.liens import enregistrer_section
        from engagements.reprises import enregistrer_reprise

        from .reprises import reprendre_indicateurs
        from .sections import section_indicateurs

        enregistrer_section(ordre=40, fonction=section_indicateurs)
        enregistrer_reprise(ordre=60, cle="indicateurs", libelle="Indicateurs suivis", fonction=reprendre_indicateurs)
