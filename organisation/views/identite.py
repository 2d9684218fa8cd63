"""Pages de l'identité de la préfecture (premier démarrage compris) et des halls d'accueil des sites."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qualite.acces import acces_requis

from .. import acces, selectors
from ..forms import HallForm, PrefectureForm
from ..models import HallAccueil, Site
from ..services.organigramme import hall_enregistrer, identite_enregistrer

CHAMPS_IDENTITE = ["nom", "bloc_marque", "contact_courriel", "contact_telephone", "contact_adresse", "site_internet"]
CHAMPS_HALL = ["nom", "adresse", "demarches", "horaires", "ordre"]


@acces_requis(acces.peut_modifier_identite)
def identite_modifier(request: HttpRequest) -> HttpResponse:
    saisie = selectors.prefecture()
    form = PrefectureForm(request.POST or None, instance=saisie)
    if request.method == "POST" and form.is_valid():
        prefecture = identite_enregistrer(**{champ: form.cleaned_data[champ] for champ in CHAMPS_IDENTITE})
        if saisie is None:
            messages.success(
                request,
                f"Identité de « {prefecture.nom} » enregistrée. Étapes suivantes : importez l'organisation, "
                "chargez les référentiels, puis définissez les indicateurs.",
            )
            return redirect("organisation:organisation")
        messages.success(request, "Identité de la préfecture enregistrée.")
        return redirect("organisation:identite")
    form.premier_champ_en_erreur()
    return render(
        request,
        "organisation/identite.html",
        {
            "titre": "Premier démarrage : l'identité de la préfecture"
            if saisie is None
            else "Identité de la préfecture",
            "form": form,
            "premier_demarrage": saisie is None,
        },
    )


def _formulaire_hall(request: HttpRequest, site: Site, hall: HallAccueil | None = None) -> HttpResponse:
    form = HallForm(request.POST or None, instance=hall)
    if request.method == "POST" and form.is_valid():
        hall = hall_enregistrer(hall=hall, site=site, **{champ: form.cleaned_data[champ] for champ in CHAMPS_HALL})
        messages.success(request, f"Le hall d'accueil « {hall.nom} » est enregistré.")
        return redirect(f"{reverse('organisation:organisation')}#sites")
    form.premier_champ_en_erreur()
    titre = f"Modifier le hall « {hall.nom} »" if hall else f"Ajouter un hall d'accueil au site « {site.nom} »"
    return render(request, "organisation/formulaire.html", {"titre": titre, "form": form, "objet": hall})


@acces_requis(acces.peut_modifier_organisation)
def hall_creer(request: HttpRequest, pk: int) -> HttpResponse:
    return _formulaire_hall(request, acces.site_a_modifier(request.user, pk))


@acces_requis(acces.peut_modifier_organisation)
def hall_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    hall = acces.hall_a_modifier(request.user, pk)
    return _formulaire_hall(request, hall.site, hall)
