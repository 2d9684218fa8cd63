from django.apps import AppConfig


class BilanConfig(AppConfig):
    name = "bilan"
    verbose_name = "Bilan qualité annuel"
