"""Pages de l'organisation : arbre des services et effectifs, sites, import du tableau des agents."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qualite.acces import acces_requis
from qualite.export import EXTENSIONS, FORMATS_TABLEAU, reponse_fichier
from qualite.formatage import accord
from qualite.imports import vue_import

from .. import acces, selectors
from ..echanges import exporter_organisation, importer_organisation
from ..forms import DateImportForm, DateOrganisationForm, EffectifForm, ServiceForm, SiteForm
from ..services.organigramme import effectif_enregistrer, service_enregistrer, site_enregistrer


@acces_requis(acces.peut_lire_organisation)
def organisation(request: HttpRequest) -> HttpResponse:
    dates = selectors.dates_effectifs()
    form = DateOrganisationForm(request.GET or None, dates=dates)
    date = dates[0] if dates else None
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        date = datetime.date.fromisoformat(form.cleaned_data["date"])
    elif date:
        form = DateOrganisationForm(initial={"date": date.isoformat()}, dates=dates)
    sites = list(selectors.sites().prefetch_related("halls"))
    return render(
        request,
        "organisation/organisation.html",
        {
            "titre": "Organisation",
            "form": form,
            "dates": dates,
            "organisation": selectors.organisation_a_date(date),
            "sites": sites,
            # Le site n'est rappelé dans l'arbre que pour les services d'un autre site que le site principal.
            "site_principal": next((site.pk for site in sites if site.est_principal), None),
            "peut_modifier": acces.peut_modifier_organisation(request.user),
            "peut_modifier_identite": acces.peut_modifier_identite(request.user),
        },
    )


def _url_organisation(date: datetime.date | None = None) -> str:
    url = reverse("organisation:organisation")
    return f"{url}?date={date.isoformat()}" if date else url


def _formulaire_service(request: HttpRequest, service=None) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            service = service_enregistrer(
                service=service,
                nom=donnees["nom"],
                niveau=donnees["niveau"],
                parent=donnees["parent"],
                site=donnees["site"],
                ordre=donnees["ordre"],
                actif=donnees["actif"],
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"« {service.nom} » est enregistré.")
            return redirect(_url_organisation())
    form.premier_champ_en_erreur()
    titre = f"Modifier « {service.nom} »" if service else "Ajouter un service"
    return render(request, "organisation/formulaire.html", {"titre": titre, "form": form, "objet": service})


@acces_requis(acces.peut_modifier_organisation)
def service_creer(request: HttpRequest) -> HttpResponse:
    return _formulaire_service(request)


@acces_requis(acces.peut_modifier_organisation)
def service_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _formulaire_service(request, acces.service_a_modifier(request.user, pk))


@acces_requis(acces.peut_modifier_organisation)
def effectif_saisir(request: HttpRequest, pk: int) -> HttpResponse:
    service = acces.service_a_modifier(request.user, pk)
    dates = selectors.dates_effectifs()
    initial = {"date": dates[0] if dates else None}
    if dates:
        actuel = service.effectifs.filter(date=dates[0]).first()
        initial["agents"] = actuel.agents if actuel else None
    form = EffectifForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        date, agents = form.cleaned_data["date"], form.cleaned_data["agents"]
        _, cree = effectif_enregistrer(service=service, date=date, agents=agents)
        verbe = "enregistré" if cree else "mis à jour"
        messages.success(
            request, f"Effectif de « {service.nom} » au {date:%d/%m/%Y} {verbe} : {accord(agents, 'agent', 'agents')}."
        )
        return redirect(_url_organisation(date))
    form.premier_champ_en_erreur()
    return render(
        request,
        "organisation/formulaire.html",
        {"titre": f"Effectif de « {service.nom} »", "form": form, "objet": service},
    )


def _formulaire_site(request: HttpRequest, site=None) -> HttpResponse:
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        site = site_enregistrer(site=site, **{c: form.cleaned_data[c] for c in ("nom", "type", "adresse", "ordre")})
        messages.success(request, f"Le site « {site.nom} » est enregistré.")
        return redirect(f"{_url_organisation()}#sites")
    form.premier_champ_en_erreur()
    titre = f"Modifier le site « {site.nom} »" if site else "Ajouter un site"
    return render(request, "organisation/formulaire.html", {"titre": titre, "form": form, "objet": site})


@acces_requis(acces.peut_modifier_organisation)
def site_creer(request: HttpRequest) -> HttpResponse:
    return _formulaire_site(request)


@acces_requis(acces.peut_modifier_organisation)
def site_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _formulaire_site(request, acces.site_a_modifier(request.user, pk))


@acces_requis(acces.peut_modifier_organisation)
def importer(request: HttpRequest) -> HttpResponse:
    """Import du tableau des agents ; la date des effectifs vient de l'adresse (?date=AAAA-MM-JJ)."""
    form_date = DateImportForm(request.GET or None)
    if not (form_date.is_bound and form_date.is_valid()):
        return render(request, "organisation/import_date.html", {"titre": "Importer l'organisation", "form": form_date})
    date = form_date.cleaned_data["date"]
    return vue_import(
        request,
        importeur=importer_organisation,
        titre=f"Importer l'organisation et les effectifs au {date:%d/%m/%Y}",
        colonnes=["entité", "direction (facultative)", "service", "agents", "site (facultatif)"],
        url_retour=_url_organisation(date),
        options={"date": date},
    )


@acces_requis(acces.peut_modifier_organisation)
def exporter(request: HttpRequest) -> HttpResponse:
    """Le tableau des agents à une date (?date=AAAA-MM-JJ, par défaut la dernière), qui se réimporte sans perte."""
    dates = selectors.dates_effectifs()
    form_date = DateImportForm(request.GET or None)
    date = form_date.cleaned_data["date"] if form_date.is_bound and form_date.is_valid() else None
    date = date or (dates[0] if dates else timezone.localdate())
    format_demande = request.GET.get("format", "xlsx")
    format_fichier = format_demande if format_demande in FORMATS_TABLEAU else "xlsx"
    contenu = exporter_organisation(date=date, format=format_fichier)
    return reponse_fichier(contenu, nom=f"organisation-{date:%Y%m%d}.{EXTENSIONS[format_fichier]}")
