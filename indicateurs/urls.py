from django.urls import path

from .views import ecoute, enquetes, indicateurs, saisie

app_name = "indicateurs"

urlpatterns = [
    path("", indicateurs.indicateur_list, name="liste"),
    path("saisie/", saisie.saisie_mensuelle, name="saisie_mensuelle"),
    path("mesures/import/", indicateurs.mesures_import, name="import"),
    path("mesures/export/<str:format>/", indicateurs.mesures_export, name="export"),
    path("enquetes/", enquetes.enquete_resultats, name="enquetes"),
    path("enquetes/import/", enquetes.enquete_import, name="enquete_import"),
    path("enquetes/mystere/nouvelle/", enquetes.mystere_creer, name="mystere_creer"),
    path("enquetes/mystere/<int:pk>/", enquetes.mystere_modifier, name="mystere_modifier"),
    path("enquetes/<int:annee>/modifier/", enquetes.enquete_modifier, name="enquete_modifier"),
    path("enquetes/<int:annee>/affiche.pdf", enquetes.enquete_affiche, name="enquete_affiche"),
    path("ecoute/", ecoute.ecoute, name="ecoute"),
    path("ecoute/nouvelle/", ecoute.sollicitation_creer, name="sollicitation_creer"),
    path("ecoute/<int:pk>/", ecoute.sollicitation_modifier, name="sollicitation_modifier"),
    path("ecoute/brancher/", ecoute.registre_brancher, name="registre_brancher"),
    path("<slug:code>/", indicateurs.indicateur_detail, name="detail"),
    path("<slug:code>/saisie/<int:annee>/", saisie.saisie_annee, name="saisie_annee"),
    path("<slug:code>/action-corrective/<int:annee>/", indicateurs.action_corrective, name="action_corrective"),
]
