from django.urls import path

from .views import changements, cycles, referentiels

app_name = "engagements"

urlpatterns = [
    path("", referentiels.referentiel_list, name="referentiel_list"),
    path("nouveau/", referentiels.referentiel_creer, name="referentiel_creer"),
    path("charger-livres/", referentiels.referentiels_livres_charger, name="referentiels_charger"),
    path("<int:pk>/", referentiels.referentiel_detail, name="referentiel_detail"),
    path("<int:pk>/modifier/", referentiels.referentiel_modifier, name="referentiel_modifier"),
    path("<int:pk>/nouvelle-version/", referentiels.referentiel_nouvelle_version, name="referentiel_nouvelle_version"),
    path("<int:pk>/export.<str:format>", referentiels.referentiel_export, name="referentiel_export"),
    path("<int:pk>/importer/", referentiels.referentiel_import, name="referentiel_import"),
    path("<int:pk>/modules/nouveau/", referentiels.module_creer, name="module_creer"),
    path("modules/<int:pk>/modifier/", referentiels.module_modifier, name="module_modifier"),
    path("modules/<int:pk>/rubriques/nouvelle/", referentiels.rubrique_creer, name="rubrique_creer"),
    path("<int:pk>/engagements/nouveau/", referentiels.engagement_creer, name="engagement_creer"),
    path("engagements/<int:pk>/", referentiels.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/modifier/", referentiels.engagement_modifier, name="engagement_modifier"),
    path("engagements/<int:pk>/autodiagnostic/", referentiels.autodiagnostic_ajouter, name="autodiagnostic_ajouter"),
    path("engagements/<int:pk>/preuves/nouvelle/", referentiels.preuve_ajouter, name="preuve_ajouter"),
    path("preuves/<int:pk>/fichier/", referentiels.preuve_fichier, name="preuve_fichier"),
    path("label/", cycles.cycle_list, name="cycle_list"),
    path("label/nouveau/", cycles.cycle_creer, name="cycle_creer"),
    path("label/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("label/<int:pk>/modifier/", cycles.cycle_modifier, name="cycle_modifier"),
    path("label/<int:pk>/perimetre/", cycles.perimetre_modifier, name="perimetre_modifier"),
    path("label/audits-prevus/<int:pk>/modifier/", cycles.echeance_modifier, name="echeance_modifier"),
    path("preparation-audit/", cycles.preparation_audit, name="preparation_audit"),
    path("correspondances/", changements.correspondance_list, name="correspondance_list"),
    path("correspondances/<int:depuis>-<int:vers>/", changements.correspondance_table, name="correspondance_table"),
    path(
        "correspondances/<int:depuis>-<int:vers>/engagements/<int:ancien>/",
        changements.correspondance_modifier,
        name="correspondance_modifier",
    ),
    path(
        "correspondances/<int:depuis>-<int:vers>/export.<str:format>",
        changements.correspondance_export,
        name="correspondance_export",
    ),
    path(
        "correspondances/<int:depuis>-<int:vers>/importer/",
        changements.correspondance_import,
        name="correspondance_import",
    ),
    path(
        "correspondances/<int:depuis>-<int:vers>/migrer/", changements.migration_assistant, name="migration_assistant"
    ),
    path("migrations/<int:pk>/", changements.migration_detail, name="migration_detail"),
]
