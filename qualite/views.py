"""Pages du socle : accueil, déclaration d'accessibilité, pages d'erreur."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from .navigation import entrees_pour


@login_required
def accueil(request: HttpRequest) -> HttpResponse:
    return render(request, "qualite/accueil.html", {"titre": "Accueil", "espaces": entrees_pour(request)})


def accessibilite(request: HttpRequest) -> HttpResponse:
    return render(request, "qualite/accessibilite.html", {"titre": "Déclaration d'accessibilité"})


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    """Page 500 rendue sans base de données ni processeurs de contexte."""
    contenu = render_to_string(
        "500.html", {"PREFECTURE_NOM": settings.PREFECTURE_NOM, "SITE_TITRE": settings.SITE_TITRE}
    )
    return HttpResponseServerError(contenu)
