"""Connexion ProConnect et déconnexion (qui termine aussi la session ProConnect) : noms d'URL sans espace de noms,
ceux qu'attendent mozilla-django-oidc (`OIDC_AUTHENTICATION_CALLBACK_URL`) et Django (`logout`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("connexion/proconnect/", views.Connexion.as_view(), name="proconnect_connexion"),
    path("connexion/proconnect/retour/", views.Retour.as_view(), name="proconnect_retour"),
    path("connexion/proconnect/refus/", views.refus, name="proconnect_refus"),
    path("deconnexion/", views.Deconnexion.as_view(), name="logout"),
]
