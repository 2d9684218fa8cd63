from django.apps import AppConfig


class QualiteConfig(AppConfig):
    name = "qualite"
    verbose_name = "Socle commun"
