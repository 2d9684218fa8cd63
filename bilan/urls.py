from django.urls import path

from . import views

app_name = "bilan"

urlpatterns = [
    path("", views.demande_list, name="demande_list"),
    path("demandes/etat/", views.demande_etat, name="demande_etat"),
    path("demander/", views.demande_creer, name="demande_creer"),
    path("demandes/<int:pk>/pdf/", views.demande_telecharger, name="demande_telecharger"),
    path("texte/<annee:annee>/", views.narratif_modifier, name="narratif_modifier"),
]
