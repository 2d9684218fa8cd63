from django.urls import path

from . import views

app_name = "plan_actions"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.creer, name="creer"),
    path("mes-actions/", views.mes_actions, name="mes_actions"),
    path("export/", views.exporter, name="exporter"),
    path("import/", views.importer, name="importer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/commenter/", views.commenter, name="commenter"),
    path("<int:pk>/mise-a-jour/", views.mise_a_jour_rapide, name="mise_a_jour_rapide"),
]
