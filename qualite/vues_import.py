"""Import dans le navigateur : téléversement, aperçu (simulation), puis confirmation."""

from collections.abc import Callable
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms_base import FichierImportForm
from .imports import RapportImport, executer_import, fichier_en_attente, mettre_en_attente, supprimer_attente


def vue_import(
    request: HttpRequest,
    *,
    importeur: Callable[..., RapportImport],
    titre: str,
    colonnes: list[str],
    url_retour: str,
    options: dict | None = None,
    contexte: dict | None = None,
) -> HttpResponse:
    options = options or {}
    rapport = None
    jeton = ""
    form = FichierImportForm()
    if request.method == "POST" and "jeton" in request.POST:
        jeton = request.POST["jeton"]
        chemin = fichier_en_attente(jeton)
        if chemin is None:
            messages.error(request, "Le fichier à confirmer n'est plus disponible : envoyez-le de nouveau.")
            return redirect(request.path)
        with open(chemin, "rb") as fichier:
            rapport = executer_import(
                importeur, simulation=False, fichier=fichier, nom=chemin.name, utilisateur=request.user, **options
            )
        if rapport.valide:
            supprimer_attente(jeton)
            messages.success(request, f"Import terminé : {rapport.resume}")
            return redirect(url_retour)
    elif request.method == "POST":
        form = FichierImportForm(request.POST, request.FILES)
        if form.is_valid():
            fichier = form.cleaned_data["fichier"]
            jeton = mettre_en_attente(fichier)
            with open(fichier_en_attente(jeton), "rb") as lecture:
                rapport = executer_import(
                    importeur,
                    simulation=True,
                    fichier=lecture,
                    nom=Path(fichier.name).name,
                    utilisateur=request.user,
                    **options,
                )
            if not rapport.valide:
                supprimer_attente(jeton)
                jeton = ""
    return render(
        request,
        "qualite/import.html",
        {
            "titre": titre,
            "colonnes": colonnes,
            "form": form,
            "rapport": rapport,
            "jeton": jeton,
            "url_retour": url_retour,
            **(contexte or {}),
        },
    )
