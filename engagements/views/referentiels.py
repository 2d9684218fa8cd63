"""Pages des référentiels, des modules et des engagements (autodiagnostic, preuves)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.export import EXTENSIONS, FORMATS_TABLEAU, reponse_fichier
from qualite.fichiers import servir_fichier
from qualite.imports import vue_import

from .. import acces, echanges, selectors, services
from ..forms import (
    AutodiagnosticForm,
    EngagementForm,
    ModuleForm,
    NouvelleVersionForm,
    PreuveForm,
    ReferentielForm,
    RubriqueForm,
)
from ..liens import sections_pour
from ..livraison import referentiels_charger
from ..models import Engagement, Module, Preuve, Referentiel, Rubrique


@acces_requis(acces.peut_lire)
def referentiel_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.referentiels(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/referentiel_list.html",
        {"titre": "Référentiels", "page_obj": page, "peut_modifier": acces.peut_modifier_referentiels(request.user)},
    )


@require_POST
@acces_requis(acces.peut_modifier_referentiels)
def referentiels_livres_charger(request: HttpRequest) -> HttpResponse:
    chargements = referentiels_charger()
    messages.success(request, "Référentiels livrés : " + " ; ".join(c.resume for c in chargements) + ".")
    return redirect("engagements:referentiel_list")


@acces_requis(acces.peut_lire)
def referentiel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referentiel = get_object_or_404(Referentiel, pk=pk)
    return render(
        request,
        "engagements/referentiel_detail.html",
        {
            "titre": str(referentiel),
            "referentiel": referentiel,
            "modules": selectors.modules_du_referentiel(referentiel),
            "sans_module": referentiel.engagements.filter(module__isnull=True).order_by("numero"),
            "autres_versions": Referentiel.objects.filter(code=referentiel.code).exclude(pk=referentiel.pk),
            "remplace": (remplace := selectors.migration_du_referentiel(referentiel)),
            "peut_modifier": acces.peut_modifier_referentiels(request.user) and remplace is None,
        },
    )


def _lecture_seule(request: HttpRequest, referentiel: Referentiel) -> HttpResponse | None:
    """Un référentiel remplacé (changement de référentiel) reste consultable, jamais modifié : la page qui le
    modifierait renvoie à sa fiche, avec un message."""
    migration = selectors.migration_du_referentiel(referentiel)
    if migration is None:
        return None
    messages.error(
        request,
        f"{referentiel} a été remplacé par {migration.vers} le {migration.date:%d/%m/%Y} : il reste consultable avec "
        "son historique, en lecture seule.",
    )
    return redirect("engagements:referentiel_detail", pk=referentiel.pk)


def _formulaire(request, form, titre, retour, **contexte) -> HttpResponse:
    return render(
        request, "engagements/formulaire.html", {"titre": titre, "form": form, "url_annuler": retour, **contexte}
    )


@acces_requis(acces.peut_modifier_referentiels)
def referentiel_creer(request: HttpRequest) -> HttpResponse:
    form = ReferentielForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referentiel = services.enregistrer(objet=form.instance, auteur=request.user)
        messages.success(request, f"Référentiel « {referentiel} » créé.")
        return redirect("engagements:referentiel_detail", pk=referentiel.pk)
    return _formulaire(request, form, "Nouveau référentiel", reverse("engagements:referentiel_list"))


@acces_requis(acces.peut_modifier_referentiels)
def referentiel_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    referentiel = get_object_or_404(Referentiel, pk=pk)
    if (refus := _lecture_seule(request, referentiel)) is not None:
        return refus
    form = ReferentielForm(request.POST or None, instance=referentiel)
    if request.method == "POST" and form.is_valid():
        services.enregistrer(objet=form.instance, auteur=request.user)
        messages.success(request, "Référentiel enregistré.")
        return redirect("engagements:referentiel_detail", pk=pk)
    return _formulaire(request, form, f"Modifier {referentiel}", reverse("engagements:referentiel_detail", args=[pk]))


@acces_requis(acces.peut_modifier_referentiels)
def referentiel_nouvelle_version(request: HttpRequest, pk: int) -> HttpResponse:
    referentiel = get_object_or_404(Referentiel, pk=pk)
    form = NouvelleVersionForm(request.POST or None, referentiel=referentiel)
    if request.method == "POST" and form.is_valid():
        copie = services.referentiel_nouvelle_version(
            referentiel=referentiel, version=form.cleaned_data["version"], auteur=request.user
        )
        messages.success(request, f"Version « {copie.version} » créée ; la version précédente reste inchangée.")
        return redirect("engagements:referentiel_detail", pk=copie.pk)
    return _formulaire(
        request,
        form,
        f"Nouvelle version de {referentiel}",
        reverse("engagements:referentiel_detail", args=[pk]),
        introduction="Les modules et engagements sont copiés ; les périmètres et audits de la version actuelle "
        "ne changent pas.",
    )


@acces_requis(acces.peut_lire)
def referentiel_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    if format not in FORMATS_TABLEAU:
        raise Http404
    referentiel = get_object_or_404(Referentiel, pk=pk)
    contenu = echanges.exporter(referentiel, format)
    extension = EXTENSIONS[format]
    return reponse_fichier(contenu, nom=f"{referentiel.code}-{referentiel.version or 'sans-version'}.{extension}")


@acces_requis(acces.peut_modifier_referentiels)
def referentiel_import(request: HttpRequest, pk: int) -> HttpResponse:
    referentiel = get_object_or_404(Referentiel, pk=pk)
    if (refus := _lecture_seule(request, referentiel)) is not None:
        return refus
    return vue_import(
        request,
        importeur=echanges.importer_referentiel,
        titre=f"Importer les modules et engagements de {referentiel}",
        colonnes=echanges.ENTETES,
        url_retour=reverse("engagements:referentiel_detail", args=[pk]),
        options={"referentiel": referentiel},
    )


@acces_requis(acces.peut_modifier_referentiels)
def module_creer(request: HttpRequest, pk: int) -> HttpResponse:
    referentiel = get_object_or_404(Referentiel, pk=pk)
    if (refus := _lecture_seule(request, referentiel)) is not None:
        return refus
    form = ModuleForm(request.POST or None, instance=Module(referentiel=referentiel))
    if request.method == "POST" and form.is_valid():
        module = services.enregistrer(objet=form.instance, auteur=request.user)
        messages.success(request, f"{module} ajouté.")
        return redirect("engagements:referentiel_detail", pk=pk)
    return _formulaire(
        request, form, f"Nouveau module de {referentiel}", reverse("engagements:referentiel_detail", args=[pk])
    )


@acces_requis(acces.peut_modifier_referentiels)
def module_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(Module.objects.select_related("referentiel"), pk=pk)
    if (refus := _lecture_seule(request, module.referentiel)) is not None:
        return refus
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        services.enregistrer(objet=form.instance, auteur=request.user)
        messages.success(request, "Module enregistré.")
        return redirect("engagements:referentiel_detail", pk=module.referentiel_id)
    retour = reverse("engagements:referentiel_detail", args=[module.referentiel_id])
    return _formulaire(request, form, f"Modifier le module {module.numero} de {module.referentiel}", retour)


@acces_requis(acces.peut_modifier_referentiels)
def rubrique_creer(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(Module.objects.select_related("referentiel"), pk=pk)
    if (refus := _lecture_seule(request, module.referentiel)) is not None:
        return refus
    form = RubriqueForm(request.POST or None, instance=Rubrique(module=module))
    if request.method == "POST" and form.is_valid():
        rubrique = services.enregistrer(objet=form.instance, auteur=request.user)
        messages.success(request, f"Rubrique « {rubrique} » ajoutée au module {module.numero}.")
        return redirect("engagements:referentiel_detail", pk=module.referentiel_id)
    retour = reverse("engagements:referentiel_detail", args=[module.referentiel_id])
    return _formulaire(request, form, f"Nouvelle rubrique du module {module.numero} de {module.referentiel}", retour)


@acces_requis(acces.peut_modifier_referentiels)
def engagement_creer(request: HttpRequest, pk: int) -> HttpResponse:
    referentiel = get_object_or_404(Referentiel, pk=pk)
    if (refus := _lecture_seule(request, referentiel)) is not None:
        return refus
    form = EngagementForm(request.POST or None, instance=Engagement(referentiel=referentiel))
    if request.method == "POST" and form.is_valid():
        engagement = services.enregistrer(objet=form.save(commit=False), auteur=request.user)
        form.save_m2m()
        messages.success(request, f"Engagement {engagement.code} ajouté.")
        return redirect("engagements:engagement_detail", pk=engagement.pk)
    return _formulaire(
        request, form, f"Nouvel engagement de {referentiel}", reverse("engagements:referentiel_detail", args=[pk])
    )


@acces_requis(acces.peut_modifier_referentiels)
def engagement_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement.objects.select_related("referentiel", "module"), pk=pk)
    if (refus := _lecture_seule(request, engagement.referentiel)) is not None:
        return refus
    form = EngagementForm(request.POST or None, instance=engagement)
    if request.method == "POST" and form.is_valid():
        services.enregistrer(objet=form.save(commit=False), auteur=request.user)
        form.save_m2m()
        messages.success(request, "Engagement enregistré.")
        return redirect("engagements:engagement_detail", pk=pk)
    retour = reverse("engagements:engagement_detail", args=[pk])
    return _formulaire(request, form, f"Modifier l'engagement {engagement.code}", retour)


@acces_requis(acces.peut_lire)
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement.objects.select_related("referentiel", "module", "rubrique"), pk=pk)
    voit_preuves = acces.peut_voir_preuves(request.user, engagement)
    return render(
        request,
        "engagements/engagement_detail.html",
        {
            "titre": f"Engagement {engagement.code}",
            "engagement": engagement,
            "services": engagement.services_concernes.select_related("parent"),
            "autodiagnostics": engagement.autodiagnostics.select_related("auteur"),
            "voit_preuves": voit_preuves,
            "preuves": engagement.preuves.all() if voit_preuves else [],
            "remplace": (remplace := selectors.migration_du_referentiel(engagement.referentiel)),
            "peut_contribuer": remplace is None and acces.peut_contribuer(request.user, engagement),
            "peut_modifier": remplace is None and acces.peut_modifier_referentiels(request.user),
            "sections": sections_pour(engagement, request.user),
            "successions": engagement.successions.select_related("nouveau__module", "nouveau__referentiel", "vers"),
            "predecessions": engagement.predecessions.select_related("ancien__module", "ancien__referentiel"),
        },
    )


@acces_requis(acces.peut_lire)
def autodiagnostic_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = acces.engagement_pour_contribuer(request.user, pk)
    if (refus := _lecture_seule(request, engagement.referentiel)) is not None:
        return refus
    form = AutodiagnosticForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.autodiagnostic_ajouter(engagement=engagement, auteur=request.user, **form.cleaned_data)
        messages.success(request, "Autodiagnostic enregistré ; les évaluations précédentes sont conservées.")
        return redirect("engagements:engagement_detail", pk=pk)
    retour = reverse("engagements:engagement_detail", args=[pk])
    return _formulaire(
        request, form, f"Autodiagnostic de l'engagement {engagement.code}", retour, engagement=engagement
    )


@acces_requis(acces.peut_lire)
def preuve_ajouter(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = acces.engagement_pour_contribuer(request.user, pk)
    if (refus := _lecture_seule(request, engagement.referentiel)) is not None:
        return refus
    form = PreuveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.preuve_ajouter(engagement=engagement, auteur=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Preuve ajoutée.")
            return redirect("engagements:engagement_detail", pk=pk)
    retour = reverse("engagements:engagement_detail", args=[pk])
    return _formulaire(
        request, form, f"Ajouter une preuve à l'engagement {engagement.code}", retour, engagement=engagement
    )


@acces_requis(acces.peut_lire)
def preuve_fichier(request: HttpRequest, pk: int) -> FileResponse:
    """Sert le document d'une preuve après contrôle des droits (jamais par une URL publique)."""
    preuve: Preuve = acces.preuve_a_servir(request.user, pk)
    return servir_fichier(preuve.fichier)
