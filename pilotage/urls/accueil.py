"""La page d'accueil (tableau de bord), incluse à la racine du site sans espace de noms : « accueil »."""

from django.urls import path

from ..views import tableau_de_bord

urlpatterns = [
    path("", tableau_de_bord.accueil, name="accueil"),
]
