"""Pages publiques des résultats (sans connexion), incluses sous /resultats/."""

from django.urls import path

from . import views_transparence

app_name = "resultats"

urlpatterns = [
    path("", views_transparence.resultats, name="index"),
    path("resultats-qualite.csv", views_transparence.open_data, name="open_data"),
    path("<int:annee>/T<int:trimestre>/", views_transparence.resultats_trimestre, name="trimestre"),
    path("<int:annee>/T<int:trimestre>/affiche.pdf", views_transparence.affiche, name="affiche"),
]
