from django.urls import path

from . import views, views_cycles

app_name = "engagements"

urlpatterns = [
    path("", views.referentiel_list, name="referentiel_list"),
    path("nouveau/", views.referentiel_creer, name="referentiel_creer"),
    path("<int:pk>/", views.referentiel_detail, name="referentiel_detail"),
    path("<int:pk>/modifier/", views.referentiel_modifier, name="referentiel_modifier"),
    path("<int:pk>/nouvelle-version/", views.referentiel_nouvelle_version, name="referentiel_nouvelle_version"),
    path("<int:pk>/export.<str:format>", views.referentiel_export, name="referentiel_export"),
    path("<int:pk>/importer/", views.referentiel_import, name="referentiel_import"),
    path("<int:pk>/modules/nouveau/", views.module_creer, name="module_creer"),
    path("modules/<int:pk>/modifier/", views.module_modifier, name="module_modifier"),
    path("modules/<int:pk>/rubriques/nouvelle/", views.rubrique_creer, name="rubrique_creer"),
    path("<int:pk>/engagements/nouveau/", views.engagement_creer, name="engagement_creer"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/modifier/", views.engagement_modifier, name="engagement_modifier"),
    path("engagements/<int:pk>/autodiagnostic/", views.autodiagnostic_ajouter, name="autodiagnostic_ajouter"),
    path("engagements/<int:pk>/preuves/nouvelle/", views.preuve_ajouter, name="preuve_ajouter"),
    path("preuves/<int:pk>/fichier/", views.preuve_fichier, name="preuve_fichier"),
    path("label/", views_cycles.cycle_list, name="cycle_list"),
    path("label/nouveau/", views_cycles.cycle_creer, name="cycle_creer"),
    path("label/<int:pk>/", views_cycles.cycle_detail, name="cycle_detail"),
    path("label/<int:pk>/modifier/", views_cycles.cycle_modifier, name="cycle_modifier"),
    path("label/<int:pk>/perimetre/", views_cycles.perimetre_modifier, name="perimetre_modifier"),
    path("label/audits-prevus/<int:pk>/modifier/", views_cycles.echeance_modifier, name="echeance_modifier"),
    path("preparation-audit/", views_cycles.preparation_audit, name="preparation_audit"),
]
