from django.urls import path

from . import views_comptes as views

app_name = "utilisateurs"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("ajouter/", views.creer, name="creer"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/desactiver/", views.desactiver, name="desactiver"),
    path("<int:pk>/reactiver/", views.reactiver, name="reactiver"),
]
