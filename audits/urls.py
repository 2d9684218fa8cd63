from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("nouveau/", views.audit_create, name="audit_create"),
    path("preparation/", views.preparation, name="preparation"),
    path("label/<int:pk>/renouveler/", views.label_renouveler, name="label_renouveler"),
    path("<int:pk>/", views.audit_detail, name="audit_detail"),
    path("<int:pk>/modifier/", views.audit_update, name="audit_update"),
    path("<int:pk>/importer/", views.audit_import, name="audit_import"),
    path("<int:pk>/exporter/", views.audit_export, name="audit_export"),
    path("<int:pk>/rapport/", views.audit_rapport, name="audit_rapport"),
    path("<int:pk>/constats/nouveau/", views.constat_create, name="constat_create"),
    path("constats/<int:pk>/", views.constat_detail, name="constat_detail"),
    path("constats/<int:pk>/modifier/", views.constat_update, name="constat_update"),
    path("constats/<int:pk>/action/", views.constat_action, name="constat_action"),
    path("constats/<int:pk>/decision/", views.constat_decision, name="constat_decision"),
    path("constats/<int:pk>/verifier/", views.constat_verifier, name="constat_verifier"),
]
