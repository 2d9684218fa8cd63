from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits et constats"

    def ready(self) -> None:
        from engagements.liens import enregistrer_section

        from .sections import section_constats

        enregistrer_section(ordre=30, fonction=section_constats)
