from django.urls import path

from .views import indicateurs, saisie

app_name = "indicateurs"

urlpatterns = [
    path("", indicateurs.indicateur_list, name="liste"),
    path("saisie/", saisie.saisie_mensuelle, name="saisie_mensuelle"),
    path("mesures/import/", indicateurs.mesures_import, name="import"),
    path("mesures/export/<str:format>/", indicateurs.mesures_export, name="export"),
    path("<slug:code>/", indicateurs.indicateur_detail, name="detail"),
    path("<slug:code>/saisie/<int:annee>/", saisie.saisie_annee, name="saisie_annee"),
    path("<slug:code>/action-corrective/<int:annee>/", indicateurs.action_corrective, name="action_corrective"),
]
