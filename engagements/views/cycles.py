"""Pages du label : cycles, périmètre de labellisation, audits prévus, préparation d'audit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from organisation import selectors as organisation_selectors
from qualite.acces import acces_requis

from .. import acces, selectors, services
from ..forms import CycleForm, EcheanceForm, PerimetreForm
from ..liens import actions_pour_cycle
from ..models import CycleLabel, EcheanceCycle


@acces_requis(acces.peut_lire)
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = CycleLabel.objects.select_related("site", "referentiel").order_by("site__ordre", "-date_obtention", "-pk")
    page = Paginator(cycles, 25).get_page(request.GET.get("page"))
    aujourdhui = timezone.localdate()
    sites = selectors.etats_des_sites(aujourdhui=aujourdhui)
    return render(
        request,
        "engagements/cycle_list.html",
        {
            "titre": "Label et cycles d'audit",
            "page_obj": page,
            "sites": sites,
            "peut_modifier": acces.peut_modifier_referentiels(request.user),
        },
    )


@acces_requis(acces.peut_lire)
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(CycleLabel.objects.select_related("site", "referentiel"), pk=pk)
    perimetres = cycle.perimetres.prefetch_related("modules")
    peut_modifier = acces.peut_modifier_referentiels(request.user)
    return render(
        request,
        "engagements/cycle_detail.html",
        {
            "titre": f"Cycle {cycle}",
            "cycle": cycle,
            "perimetres": perimetres,
            "echeances": cycle.echeances.all(),
            "aujourdhui": timezone.localdate(),
            "peut_modifier": peut_modifier,
            "actions": actions_pour_cycle(cycle, request.user),
        },
    )


@acces_requis(acces.peut_modifier_referentiels)
def cycle_creer(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = services.cycle_enregistrer(
            cycle=form.instance, auteur=request.user, labellisation_prevue=form.cleaned_data["labellisation_prevue"]
        )
        messages.success(request, "Cycle de label créé ; les audits de suivi et de renouvellement sont prévus.")
        return redirect("engagements:cycle_detail", pk=cycle.pk)
    return render(
        request,
        "engagements/formulaire.html",
        {"titre": "Nouveau cycle de label", "form": form, "url_annuler": reverse("engagements:cycle_list")},
    )


@acces_requis(acces.peut_modifier_referentiels)
def cycle_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(CycleLabel, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        services.cycle_enregistrer(
            cycle=form.instance, auteur=request.user, labellisation_prevue=form.cleaned_data["labellisation_prevue"]
        )
        messages.success(request, "Cycle de label enregistré.")
        return redirect("engagements:cycle_detail", pk=pk)
    return render(
        request,
        "engagements/formulaire.html",
        {
            "titre": f"Modifier le cycle {cycle}",
            "form": form,
            "url_annuler": reverse("engagements:cycle_detail", args=[pk]),
        },
    )


@acces_requis(acces.peut_modifier_referentiels)
def perimetre_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(CycleLabel.objects.select_related("site", "referentiel"), pk=pk)
    actuel = cycle.perimetres.order_by("-date", "-pk").first()
    initial = {"date": timezone.localdate(), "modules": list(actuel.modules.all()) if actuel else []}
    form = PerimetreForm(request.POST or None, cycle=cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.perimetre_enregistrer(
                cycle=cycle, modules=form.cleaned_data["modules"], date=form.cleaned_data["date"], auteur=request.user
            )
        except ValidationError as erreur:
            form.add_error("modules", erreur)
        else:
            messages.success(request, "Périmètre de labellisation arrêté.")
            return redirect("engagements:cycle_detail", pk=pk)
    return render(
        request,
        "engagements/formulaire.html",
        {
            "titre": f"Périmètre de labellisation — {cycle}",
            "form": form,
            "url_annuler": reverse("engagements:cycle_detail", args=[pk]),
            "introduction": cycle.referentiel.get_regle_perimetre_display(),
        },
    )


@acces_requis(acces.peut_modifier_referentiels)
def echeance_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    echeance = get_object_or_404(EcheanceCycle.objects.select_related("cycle__site", "cycle__referentiel"), pk=pk)
    form = EcheanceForm(request.POST or None, instance=echeance)
    if request.method == "POST" and form.is_valid():
        services.enregistrer(objet=form.instance, auteur=request.user)
        messages.success(request, f"{echeance.get_type_display()} : date enregistrée.")
        return redirect("engagements:cycle_detail", pk=echeance.cycle_id)
    return render(
        request,
        "engagements/formulaire.html",
        {
            "titre": f"{echeance.get_type_display()} — {echeance.cycle}",
            "form": form,
            "url_annuler": reverse("engagements:cycle_detail", args=[echeance.cycle_id]),
        },
    )


@acces_requis(acces.peut_voir_preparation)
def preparation_audit(request: HttpRequest) -> HttpResponse:
    # Les sites qui ont un cycle, le site principal d'abord : c'est le site choisi par défaut.
    sites = list(organisation_selectors.sites_par_preference().filter(cycles__isnull=False).distinct())
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), sites[0] if sites else None)
    perimetre = selectors.perimetre_en_cours(site=site) if site else None
    aujourdhui = timezone.localdate()
    return render(
        request,
        "engagements/preparation_audit.html",
        {
            "titre": "Préparation d'audit",
            "sites": sites,
            "site": site,
            "perimetre": perimetre,
            "preparation": selectors.preparation_audit(perimetre=perimetre, aujourdhui=aujourdhui)
            if perimetre
            else None,
            "prochaine": (
                selectors.prochaine_echeance(site=site, aujourdhui=aujourdhui, cycle=perimetre.cycle)
                if perimetre
                else None
            ),
            "aujourdhui": aujourdhui,
        },
    )
