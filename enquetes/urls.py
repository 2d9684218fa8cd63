from django.urls import path

from . import views

app_name = "enquetes"

urlpatterns = [
    path("", views.enquete_resultats, name="enquetes"),
    path("import/", views.enquete_import, name="enquete_import"),
    path("mystere/nouvelle/", views.mystere_creer, name="mystere_creer"),
    path("mystere/<int:pk>/", views.mystere_modifier, name="mystere_modifier"),
    path("<annee:annee>/modifier/", views.enquete_modifier, name="enquete_modifier"),
    path("<annee:annee>/affiche.pdf", views.enquete_affiche, name="enquete_affiche"),
    path("ecoute/", views.ecoute, name="ecoute"),
    path("ecoute/nouvelle/", views.sollicitation_creer, name="sollicitation_creer"),
    path("ecoute/<int:pk>/", views.sollicitation_modifier, name="sollicitation_modifier"),
    path("ecoute/brancher/", views.registre_brancher, name="registre_brancher"),
]
