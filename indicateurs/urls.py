from django.urls import path

from .views import definitions, indicateurs, saisie

app_name = "indicateurs"

urlpatterns = [
    path("", indicateurs.indicateur_list, name="liste"),
    path("saisie/", saisie.saisie_mensuelle, name="saisie_mensuelle"),
    path("nouveau/", definitions.indicateur_creer, name="creer"),
    path("catalogue/", definitions.catalogue, name="catalogue"),
    path("catalogue/<slug:code>/ajouter/", definitions.catalogue_ajouter, name="catalogue_ajouter"),
    path("definitions/import/", definitions.definitions_import, name="definitions_import"),
    path("definitions/export/<str:format>/", definitions.definitions_export, name="definitions_export"),
    path("mesures/import/", indicateurs.mesures_import, name="import"),
    path("mesures/export/<str:format>/", indicateurs.mesures_export, name="export"),
    path("<slug:code>/", indicateurs.indicateur_detail, name="detail"),
    path("<slug:code>/modifier/", definitions.indicateur_modifier, name="modifier"),
    path("<slug:code>/desactiver/", definitions.indicateur_desactiver, name="desactiver"),
    path("<slug:code>/saisie/<annee:annee>/", saisie.saisie_annee, name="saisie_annee"),
    path("<slug:code>/action-corrective/<annee:annee>/", indicateurs.action_corrective, name="action_corrective"),
]
