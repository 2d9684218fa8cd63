from django.apps import AppConfig


class PlanActionsConfig(AppConfig):
    name = "plan_actions"
    verbose_name = "Plan d'actions"

    def ready(self) -> None:
        from engagements.liens import enregistrer_section
        from engagements.preparation import enregistrer_compte, enregistrer_critere
        from engagements.reprises import enregistrer_reprise

        from .reprises import reprendre_actions
        from .sections import compte_actions_ouvertes, critere_actions_en_retard, section_engagement

        enregistrer_section(ordre=20, fonction=section_engagement)
        enregistrer_critere(
            ordre=50, cle="actions_en_retard", libelle="Actions du plan en retard", fonction=critere_actions_en_retard
        )
        enregistrer_compte(
            ordre=20,
            cle="actions_ouvertes",
            libelle="Actions ouvertes rattachées au module (directement ou par un engagement)",
            fonction=compte_actions_ouvertes,
        )
        enregistrer_reprise(ordre=40, cle="actions", libelle="Actions ouvertes", fonction=reprendre_actions)
