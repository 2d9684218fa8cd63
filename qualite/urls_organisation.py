from django.urls import path

from . import views_organisation as views

app_name = "organisation"

urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("importer/", views.importer, name="importer"),
    path("services/ajouter/", views.service_creer, name="service_creer"),
    path("services/<int:pk>/modifier/", views.service_modifier, name="service_modifier"),
    path("services/<int:pk>/effectif/", views.effectif_saisir, name="effectif_saisir"),
    path("sites/ajouter/", views.site_creer, name="site_creer"),
    path("sites/<int:pk>/modifier/", views.site_modifier, name="site_modifier"),
]
