from django.apps import AppConfig


class PlanActionsConfig(AppConfig):
    name = "plan_actions"
    verbose_name = "Plan d'actions"

    def ready(self) -> None:
        from engagements.liens import enregistrer_section

        from .sections import section_engagement

        enregistrer_section(ordre=20, fonction=section_engagement)
