"""Pages publiques des résultats (sans connexion), incluses sous /resultats/."""

from django.urls import path

from ..views import transparence

app_name = "resultats"

urlpatterns = [
    path("", transparence.resultats, name="index"),
    path("resultats-qualite.csv", transparence.open_data, name="open_data"),
    path("<annee:annee>/T<int:trimestre>/", transparence.resultats_trimestre, name="trimestre"),
    path("<annee:annee>/T<int:trimestre>/affiche.pdf", transparence.affiche, name="affiche"),
]
