from django.apps import AppConfig


class EnquetesConfig(AppConfig):
    name = "enquetes"
    verbose_name = "Enquêtes et écoute des usagers"
