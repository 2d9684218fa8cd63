from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = "Organisation et comptes"

    def ready(self) -> None:
        # Le socle lit l'identité de la préfecture par cette fonction (il n'importe pas organisation).
        from qualite.identite import enregistrer_fournisseur

        from .selectors import identite

        enregistrer_fournisseur(identite)
