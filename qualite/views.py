"""Pages du socle : déclaration d'accessibilité, pages d'erreur."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from . import identite
from .liens import domaine_et_securite


def accessibilite(request: HttpRequest) -> HttpResponse:
    return render(request, "qualite/accessibilite.html", {"titre": "Déclaration d'accessibilité"})


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    """Page 500 rendue sans base de données ni processeurs de contexte."""
    prefecture = identite.par_defaut()
    contenu = render_to_string(
        "500.html", {"IDENTITE": prefecture, "PREFECTURE_NOM": prefecture.nom, "SITE_TITRE": settings.SITE_TITRE}
    )
    return HttpResponseServerError(contenu)


def sante(request: HttpRequest) -> JsonResponse:
    """Sonde de santé (docker-compose, supervision) : l'application et sa base répondent-elles ?"""
    try:
        with connection.cursor() as curseur:
            curseur.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"statut": "base indisponible"}, status=503)
    return JsonResponse({"statut": "ok"})


class MotDePasseOublie(auth_views.PasswordResetView):
    """« Mot de passe oublié » : le lien du courriel part de SITE_URL, jamais de l'hôte de la requête."""

    def form_valid(self, form):
        domaine, securise = domaine_et_securite()
        self.extra_email_context = {
            "domain": domaine,
            "site_name": domaine,
            "protocol": "https" if securise else "http",
        }
        return super().form_valid(form)
