"""Transparence des résultats : choix et validation par le référent, pages publiques, affiche PDF, CSV."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from organisation.selectors import site_principal
from qualite.acces import acces_requis
from qualite.export import ecrire_csv, reponse_fichier
from qualite.pdf import rendre_pdf

from .. import acces, selectors, services
from .. import resultats as resultats_publics
from ..forms import IndicateursPubliesForm, PublicationForm

COLONNES_OPEN_DATA = [
    "code_structure",
    "structure",
    "code_indicateur",
    "indicateur",
    "valeur",
    "unite",
    "periode",
    "frequence",
    "date_mise_a_jour",
    "cible",
    "sens_cible",
]


@acces_requis(acces.peut_gerer_transparence)
def transparence(request: HttpRequest) -> HttpResponse:
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site = site_principal()
        if site is None:
            form.add_error(None, "Aucun site n'est enregistré : créez d'abord la préfecture dans l'organisation.")
        else:
            publication = services.publication_creer(site=site, **form.cleaned_data)
            messages.success(request, f"Trimestre {publication} prêt : choisissez les indicateurs publiés.")
            return redirect("pilotage:publication", pk=publication.pk)
    return render(
        request,
        "pilotage/transparence.html",
        {"titre": "Transparence des résultats", "form": form, "publications": selectors.publications_a_gerer()},
    )


@acces_requis(acces.peut_gerer_transparence)
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    objet = acces.publication_a_gerer(request.user, pk)
    form = IndicateursPubliesForm(
        request.POST if request.method == "POST" else None, initial={"indicateurs": list(objet.indicateurs.all())}
    )
    if request.method == "POST" and form.is_valid():
        services.publication_choisir_indicateurs(publication=objet, indicateurs=form.cleaned_data["indicateurs"])
        messages.success(request, "Indicateurs enregistrés ; validez le trimestre pour le publier.")
        return redirect("pilotage:publication", pk=objet.pk)
    return render(
        request,
        "pilotage/publication.html",
        {
            "titre": f"Publication {objet}",
            "objet": objet,
            "apercu": selectors.publication_trimestre(objet),
            "form": form,
        },
    )


@require_POST
@acces_requis(acces.peut_gerer_transparence)
def publication_valider(request: HttpRequest, pk: int) -> HttpResponse:
    objet = acces.publication_a_gerer(request.user, pk)
    if request.POST.get("retirer"):
        services.publication_retirer(publication=objet)
        messages.success(request, f"Le trimestre {objet} n'est plus publié.")
        return redirect("pilotage:publication", pk=objet.pk)
    try:
        services.publication_valider(publication=objet, par=request.user)
    except ValidationError as erreur:
        messages.error(request, erreur.messages[0])
    else:
        messages.success(request, f"Trimestre {objet} validé : il est publié sur la page publique.")
    return redirect("pilotage:publication", pk=objet.pk)


# Pages publiques (sans connexion)


def resultats(request: HttpRequest) -> HttpResponse:
    publications = selectors.publications_validees()
    derniere = publications[0] if publications else None
    return render(
        request,
        "pilotage/resultats.html",
        {
            "titre": "Nos résultats",
            "derniere": derniere,
            "tendances": resultats_publics.tendances(derniere) if derniere else [],
            "trimestres": [
                f"T{trimestre} {annee}"
                for annee, trimestre in resultats_publics.trimestres_precedents(
                    derniere.publication.annee, derniere.publication.trimestre
                )
            ]
            if derniere
            else [],
            "precedentes": publications[1:],
            "enquete": resultats_publics.derniere_enquete(),
        },
    )


def _publiee(annee: int, trimestre: int):
    publication = acces.publication_publique(annee, trimestre)
    return selectors.publication_trimestre(publication)


def resultats_trimestre(request: HttpRequest, annee: int, trimestre: int) -> HttpResponse:
    publiee = _publiee(annee, trimestre)
    return render(request, "pilotage/resultats_trimestre.html", {"titre": publiee.titre, "publiee": publiee})


def affiche(request: HttpRequest, annee: int, trimestre: int) -> HttpResponse:
    publiee = _publiee(annee, trimestre)
    contexte = {"publiee": publiee, "SITE_TITRE": settings.SITE_TITRE}
    contenu = rendre_pdf("pilotage/affiche.html", contexte, feuilles=["pilotage/affiche.css"])
    return reponse_fichier(contenu, nom=f"resultats-{annee}-T{trimestre}.pdf", en_ligne=True)


def open_data(request: HttpRequest) -> HttpResponse:
    lignes = [[ligne[colonne] for colonne in COLONNES_OPEN_DATA] for ligne in selectors.lignes_open_data()]
    return reponse_fichier(ecrire_csv(COLONNES_OPEN_DATA, lignes), nom="resultats-qualite.csv")
