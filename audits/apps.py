from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits et constats"

    def ready(self) -> None:
        from engagements.liens import enregistrer_action_cycle, enregistrer_section
        from engagements.preparation import enregistrer_compte, enregistrer_critere
        from engagements.reprises import enregistrer_reprise

        from .reprises import reprendre_constats
        from .sections import compte_constats_ouverts, critere_constats_ouverts, section_constats
        from .views import action_renouveler

        enregistrer_section(ordre=30, fonction=section_constats)
        enregistrer_action_cycle(action_renouveler)
        enregistrer_compte(
            ordre=30,
            cle="constats_ouverts",
            libelle="Constats d'audit ouverts à traiter",
            fonction=compte_constats_ouverts,
        )
        enregistrer_critere(
            ordre=40, cle="constats_ouverts", libelle="Constats d'audit ouverts", fonction=critere_constats_ouverts
        )
        enregistrer_reprise(ordre=50, cle="constats", libelle="Constats ouverts", fonction=reprendre_constats)
