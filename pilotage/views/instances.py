"""Pages des instances du pilotage (COPIL, comité local des usagers, comité d'amélioration continue)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.fichiers import servir_fichier
from qualite.formatage import accord
from qualite.liens import adresse_absolue

from .. import acces, selectors, services
from ..forms import DecisionForm, InstanceForm, ParticipationForm, PlanificationForm
from ..models import Instance


def _lien(request: HttpRequest, instance: Instance) -> str:
    return adresse_absolue(reverse("pilotage:instance_detail", args=[instance.pk]))


@acces_requis(acces.peut_lire_instances)
def instances(request: HttpRequest) -> HttpResponse:
    page = Paginator(Instance.objects.all(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "pilotage/instance_list.html",
        {
            "titre": "Instances : COPIL et comité local des usagers",
            "page_obj": page,
            "prochaines": selectors.prochaines_instances(6),
            "peut_gerer": acces.peut_gerer_instances(request.user),
            "form_planification": PlanificationForm() if acces.peut_gerer_instances(request.user) else None,
        },
    )


@acces_requis(acces.peut_gerer_instances)
def instance_creer(request: HttpRequest) -> HttpResponse:
    form = InstanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        instance = form.save()
        messages.success(request, f"Séance « {instance} » enregistrée.")
        return redirect("pilotage:instance_detail", pk=instance.pk)
    return render(request, "pilotage/instance_form.html", {"titre": "Nouvelle séance", "form": form})


@acces_requis(acces.peut_lire_instances)
def instance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instance = acces.instance_lisible(request.user, pk)
    peut_gerer = acces.peut_gerer_instances(request.user)
    return render(
        request,
        "pilotage/instance_detail.html",
        {
            "titre": str(instance),
            "instance": instance,
            "participations": instance.participations.select_related("utilisateur"),
            "decisions": instance.decisions.select_related("action"),
            "peut_gerer": peut_gerer,
            "form_participation": ParticipationForm() if peut_gerer else None,
            "form_decision": DecisionForm() if peut_gerer else None,
        },
    )


@acces_requis(acces.peut_lire_instances)
def compte_rendu_fichier(request: HttpRequest, pk: int) -> FileResponse:
    """Le compte rendu téléversé d'une séance, servi après contrôle des droits (jamais sous /fichiers/)."""
    instance = acces.instance_lisible(request.user, pk)
    return servir_fichier(instance.compte_rendu_fichier)


@acces_requis(acces.peut_gerer_instances)
def instance_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    instance = acces.instance_a_gerer(request.user, pk)
    form = InstanceForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Séance modifiée.")
        return redirect("pilotage:instance_detail", pk=instance.pk)
    return render(
        request, "pilotage/instance_form.html", {"titre": f"Modifier : {instance}", "form": form, "instance": instance}
    )


def _reafficher(request: HttpRequest, instance: Instance, **formulaires) -> HttpResponse:
    contexte = {
        "titre": str(instance),
        "instance": instance,
        "participations": instance.participations.select_related("utilisateur"),
        "decisions": instance.decisions.select_related("action"),
        "peut_gerer": True,
        "form_participation": ParticipationForm(),
        "form_decision": DecisionForm(),
    }
    contexte.update(formulaires)
    return render(request, "pilotage/instance_detail.html", contexte, status=200)


@require_POST
@acces_requis(acces.peut_gerer_instances)
def participation_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    instance = acces.instance_a_gerer(request.user, pk)
    form = ParticipationForm(request.POST)
    if not form.is_valid():
        return _reafficher(request, instance, form_participation=form)
    donnees = form.cleaned_data
    participation = services.participation_enregistrer(
        instance=instance,
        utilisateur=donnees["utilisateur"],
        nom=donnees["nom"],
        courriel=donnees["courriel"],
        presence=donnees["presence"],
    )
    messages.success(request, f"{participation.libelle} : {participation.get_presence_display().lower()}.")
    return redirect("pilotage:instance_detail", pk=instance.pk)


@require_POST
@acces_requis(acces.peut_gerer_instances)
def decision_creer(request: HttpRequest, pk: int) -> HttpResponse:
    instance = acces.instance_a_gerer(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _reafficher(request, instance, form_decision=form)
    decision = services.decision_creer(
        instance=instance,
        texte=form.cleaned_data["texte"],
        lien=_lien(request, instance),
        service_pilote=form.cleaned_data["service_pilote"],
        echeance=form.cleaned_data["echeance"],
        auteur=request.user,
    )
    messages.success(request, f"Décision enregistrée : action {decision.action.reference} créée au plan d'actions.")
    return redirect("pilotage:instance_detail", pk=instance.pk)


@require_POST
@acces_requis(acces.peut_gerer_instances)
def compte_rendu_envoyer(request: HttpRequest, pk: int) -> HttpResponse:
    instance = acces.instance_a_gerer(request.user, pk)
    try:
        nouveaux, sans_adresse = services.compte_rendu_envoyer(instance=instance, lien=_lien(request, instance))
    except ValidationError as erreur:
        messages.error(request, erreur.messages[0])
        return redirect("pilotage:instance_detail", pk=instance.pk)
    messages.success(
        request,
        f"Compte rendu : {accord(nouveaux, 'courriel programmé', 'courriels programmés')} ; "
        "les membres déjà servis ne le reçoivent pas deux fois.",
    )
    if sans_adresse:
        messages.warning(request, f"Sans adresse de courriel : {', '.join(sans_adresse)}.")
    return redirect("pilotage:instance_detail", pk=instance.pk)


@require_POST
@acces_requis(acces.peut_gerer_instances)
def instances_planifier(request: HttpRequest) -> HttpResponse:
    form = PlanificationForm(request.POST)
    if not form.is_valid():
        page = Paginator(Instance.objects.all(), 25).get_page(1)
        return render(
            request,
            "pilotage/instance_list.html",
            {
                "titre": "Instances : COPIL et comité local des usagers",
                "page_obj": page,
                "prochaines": selectors.prochaines_instances(6),
                "peut_gerer": True,
                "form_planification": form,
            },
        )
    creees = services.instances_planifier(**form.cleaned_data)
    messages.success(request, f"{accord(len(creees), 'séance planifiée', 'séances planifiées')}.")
    return redirect("pilotage:instances")
