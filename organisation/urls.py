from django.urls import path

from .views import comptes, identite, organigramme

app_name = "organisation"

urlpatterns = [
    path("organisation/", organigramme.organisation, name="organisation"),
    path("organisation/importer/", organigramme.importer, name="importer"),
    path("organisation/exporter/", organigramme.exporter, name="exporter"),
    path("organisation/services/ajouter/", organigramme.service_creer, name="service_creer"),
    path("organisation/services/<int:pk>/modifier/", organigramme.service_modifier, name="service_modifier"),
    path("organisation/services/<int:pk>/effectif/", organigramme.effectif_saisir, name="effectif_saisir"),
    path("organisation/sites/ajouter/", organigramme.site_creer, name="site_creer"),
    path("organisation/sites/<int:pk>/modifier/", organigramme.site_modifier, name="site_modifier"),
    path("organisation/identite/", identite.identite_modifier, name="identite"),
    path("organisation/sites/<int:pk>/halls/ajouter/", identite.hall_creer, name="hall_creer"),
    path("organisation/halls/<int:pk>/modifier/", identite.hall_modifier, name="hall_modifier"),
    path("utilisateurs/", comptes.liste, name="utilisateur_list"),
    path("utilisateurs/ajouter/", comptes.creer, name="utilisateur_creer"),
    path("utilisateurs/<int:pk>/modifier/", comptes.modifier, name="utilisateur_modifier"),
    path("utilisateurs/<int:pk>/desactiver/", comptes.desactiver, name="utilisateur_desactiver"),
    path("utilisateurs/<int:pk>/reactiver/", comptes.reactiver, name="utilisateur_reactiver"),
]
