from django.apps import AppConfig


class PlanActionsConfig(AppConfig):
    name = "plan_actions"
    verbose_name = "Plan d'actions"

    def ready(self) -> None:
        from engagements.liens import enregistrer_section
        from engagements.preparation import enregistrer_critere

        from .sections import critere_actions_en_retard, section_engagement

        enregistrer_section(ordre=20, fonction=section_engagement)
        enregistrer_critere(
            ordre=50, cle="actions_en_retard", libelle="Actions du plan en retard", fonction=critere_actions_en_retard
        )
