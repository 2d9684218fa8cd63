"""Recherche de l'en-tête."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qualite.acces import acces_requis

from .. import acces
from ..recherche import rechercher


@acces_requis(acces.peut_rechercher)
def recherche(request: HttpRequest) -> HttpResponse:
    texte = request.GET.get("q", "").strip()[:200]
    familles = rechercher(utilisateur=request.user, texte=texte)
    return render(
        request,
        "pilotage/recherche.html",
        {
            "titre": f"Recherche : {texte}" if texte else "Recherche",
            "recherche_q": texte,
            "familles": familles,
            "nombre": sum(len(famille.resultats) for famille in familles),
        },
    )
