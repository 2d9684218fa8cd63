from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "pilotage"
    verbose_name = "Pilotage : tableau de bord, instances, transparence"

    def ready(self) -> None:
        from qualite import versions

        from .selectors import APPLICATIONS_LUES, VERSION_TABLEAU

        versions.surveiller(VERSION_TABLEAU, APPLICATIONS_LUES)
