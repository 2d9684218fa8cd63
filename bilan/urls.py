from django.urls import path

from . import views
from .presentation import views as presentations

app_name = "bilan"

urlpatterns = [
    path("", views.demande_list, name="demande_list"),
    path("demandes/etat/", views.demande_etat, name="demande_etat"),
    path("demander/", views.demande_creer, name="demande_creer"),
    path("demandes/<int:pk>/pdf/", views.demande_telecharger, name="demande_telecharger"),
    path("texte/<annee:annee>/", views.narratif_modifier, name="narratif_modifier"),
    path("presentations/", presentations.presentation_list, name="presentation_list"),
    path("presentations/etat/", presentations.presentation_etat, name="presentation_etat"),
    path("presentations/demander/", presentations.presentation_creer, name="presentation_creer"),
    path("presentations/<int:pk>/fichier/", presentations.presentation_telecharger, name="presentation_telecharger"),
    path("presentations/masque/", presentations.masque_televerser, name="masque_televerser"),
]
