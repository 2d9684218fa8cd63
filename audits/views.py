"""Pages des audits : liste, fiche (tableau de l'auditeur, décomptes, comparaison), import, suites des constats."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from engagements.models import CycleLabel
from qualite.acces import acces_requis
from qualite.export import EXTENSIONS, FORMATS_TABLEAU, reponse_fichier
from qualite.fichiers import servir_fichier
from qualite.imports import vue_import

from . import selectors, services
from .acces import (
    audit_lisible,
    audit_modifiable,
    constat_lisible,
    constat_modifiable,
    peut_lire_audits,
    peut_modifier_audits,
)
from .echanges import LIBELLES_COLONNES, exporter_constats, importer_constats
from .forms import ActionConstatForm, AuditForm, ComparaisonForm, ConstatForm, DecisionForm, RenouvellementForm
from .models import Audit, Constat, Nature

PAR_PAGE = 20


@acces_requis(peut_lire_audits)
def audit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.audits_liste(), PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audits/audit_list.html",
        {"titre": "Audits", "page_obj": page, "peut_modifier": peut_modifier_audits(request.user)},
    )


@acces_requis(peut_lire_audits)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_lisible(request.user, pk)
    form = ComparaisonForm(request.GET or None, audit=audit)
    comparaison = None
    if "autre" in request.GET and form.is_valid():
        comparaison = selectors.comparer_audits(form.cleaned_data["autre"], audit)
    tableau = selectors.tableau_constats(audit)
    par_nature = selectors.constats_par_nature(audit)
    return render(
        request,
        "audits/audit_detail.html",
        {
            "titre": str(audit),
            "audit": audit,
            "tableau": tableau,
            "avec_nc": any(ligne.non_conformites for ligne in tableau),
            "comptes_nature": [{"libelle": Nature(n).label, "nombre": nb} for n, nb in par_nature.items()],
            "par_module": selectors.constats_par_module(audit),
            "suivi": selectors.suivi_constats(audit),
            "form_comparaison": form,
            "comparaison": comparaison,
            "comparaison_blocs": _blocs(comparaison),
            "peut_modifier": peut_modifier_audits(request.user),
            "premier_a_trier": selectors.premier_constat_a_trier(tableau),
        },
    )


def _blocs(comparaison: selectors.Comparaison | None) -> list[dict]:
    if comparaison is None:
        return []
    return [
        {"legende": "Constats par nature", "entete": "Nature", "lignes": comparaison.natures},
        {"legende": "Constats par module", "entete": "Module", "lignes": comparaison.modules},
    ]


@acces_requis(peut_modifier_audits)
def audit_create(request: HttpRequest) -> HttpResponse:
    return _audit_formulaire(request, Audit(), "Nouvel audit")


@acces_requis(peut_modifier_audits)
def audit_update(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_modifiable(request.user, pk)
    return _audit_formulaire(request, audit, f"Modifier : {audit}")


def _audit_formulaire(request: HttpRequest, audit: Audit, titre: str) -> HttpResponse:
    form = AuditForm(request.POST or None, request.FILES or None, instance=audit)
    if request.method == "POST" and form.is_valid():
        audit = services.audit_enregistrer(audit=form.save(commit=False), auteur=request.user)
        messages.success(request, f"L'audit « {audit} » est enregistré.")
        return redirect("audits:audit_detail", pk=audit.pk)
    form.premier_champ_en_erreur()
    retour = reverse("audits:audit_detail", kwargs={"pk": audit.pk}) if audit.pk else reverse("audits:audit_list")
    return render(request, "audits/audit_form.html", {"titre": titre, "form": form, "url_annuler": retour})


@acces_requis(peut_lire_audits)
def audit_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Le tableau de l'auditeur (une ligne par N°, une colonne par nature), qui se réimporte sans perte."""
    audit = audit_lisible(request.user, pk)
    format_demande = request.GET.get("format", "xlsx")
    format_fichier = format_demande if format_demande in FORMATS_TABLEAU else "xlsx"
    nom = f"observations-audit-{audit.pk}.{EXTENSIONS[format_fichier]}"
    return reponse_fichier(exporter_constats(audit, format_fichier), nom=nom)


@acces_requis(peut_modifier_audits)
def audit_import(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_modifiable(request.user, pk)
    return vue_import(
        request,
        importeur=importer_constats,
        titre=f"Importer le tableau de l'auditeur — {audit}",
        colonnes=LIBELLES_COLONNES,
        url_retour=reverse("audits:audit_detail", kwargs={"pk": audit.pk}),
        options={"audit": audit},
    )


@acces_requis(peut_lire_audits)
def audit_rapport(request: HttpRequest, pk: int) -> FileResponse:
    audit = audit_lisible(request.user, pk)
    return servir_fichier(audit.rapport)


@acces_requis(peut_lire_audits)
def constat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    constat = constat_lisible(request.user, pk)
    return render(
        request,
        "audits/constat_detail.html",
        {
            "titre": f"Constat n°{constat.numero} — {constat.get_nature_display()}",
            "constat": constat,
            "actions": constat.actions.all(),
            "peut_modifier": peut_modifier_audits(request.user),
            "tri": selectors.tri_des_constats(constat),
        },
    )


@acces_requis(peut_modifier_audits)
def constat_create(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_modifiable(request.user, pk)
    return _constat_formulaire(request, Constat(audit=audit), f"Nouveau constat — {audit}")


@acces_requis(peut_modifier_audits)
def constat_update(request: HttpRequest, pk: int) -> HttpResponse:
    constat = constat_modifiable(request.user, pk)
    return _constat_formulaire(request, constat, f"Modifier le constat n°{constat.numero}")


def _constat_formulaire(request: HttpRequest, constat: Constat, titre: str) -> HttpResponse:
    form = ConstatForm(request.POST or None, instance=constat, audit=constat.audit)
    if request.method == "POST" and form.is_valid():
        constat = services.constat_enregistrer(constat=form.save(commit=False), auteur=request.user)
        messages.success(request, f"Le constat n°{constat.numero} est enregistré.")
        return redirect("audits:constat_detail", pk=constat.pk)
    form.premier_champ_en_erreur()
    retour = (
        reverse("audits:constat_detail", kwargs={"pk": constat.pk})
        if constat.pk
        else reverse("audits:audit_detail", kwargs={"pk": constat.audit_id})
    )
    return render(request, "audits/audit_form.html", {"titre": titre, "form": form, "url_annuler": retour})


@acces_requis(peut_modifier_audits)
def constat_action(request: HttpRequest, pk: int) -> HttpResponse:
    constat = constat_modifiable(request.user, pk)
    if not constat.appelle_une_action:
        messages.error(request, "Un point fort ne donne pas lieu à une action : valorisez-le comme bonne pratique.")
        return redirect("audits:constat_detail", pk=constat.pk)
    initial = {
        "intitule": constat.texte,
        "origine_libelle": services.origine_libelle(constat),
        "module": constat.module,
        "engagement": constat.engagement,
    }
    form = ActionConstatForm(request.POST or None, initial=initial, constat=constat)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        action = services.constat_creer_action(
            constat=constat,
            intitule=donnees["intitule"],
            description=donnees["description"],
            modules=[donnees["module"]] if donnees["module"] else [],
            engagements=[donnees["engagement"]] if donnees["engagement"] else [],
            service_pilote=donnees["service_pilote"],
            echeance=donnees["echeance"],
            priorite=donnees["priorite"],
            libelle_origine=donnees["origine_libelle"],
            auteur=request.user,
        )
        messages.success(request, f"L'action {action.reference} est créée au plan d'actions.")
        return redirect("audits:constat_detail", pk=constat.pk)
    form.premier_champ_en_erreur()
    return render(
        request,
        "audits/constat_action.html",
        {
            "titre": f"Créer l'action du constat n°{constat.numero}",
            "constat": constat,
            "form": form,
            "url_annuler": reverse("audits:constat_detail", kwargs={"pk": constat.pk}),
        },
    )


@acces_requis(peut_modifier_audits)
def constat_decision(request: HttpRequest, pk: int) -> HttpResponse:
    constat = constat_modifiable(request.user, pk)
    form = DecisionForm(request.POST or None, constat=constat, initial={"justification": constat.justification})
    if request.method == "POST" and form.is_valid():
        try:
            services.constat_decider(
                constat=constat,
                suite=form.suite,
                justification=form.cleaned_data["justification"],
                auteur=request.user,
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Décision enregistrée : {constat.get_suite_display()}.")
            return redirect("audits:constat_detail", pk=constat.pk)
    form.premier_champ_en_erreur()
    libelle = "Pas d'action" if constat.appelle_une_action else "Bonne pratique à valoriser"
    return render(
        request,
        "audits/constat_decision.html",
        {
            "titre": f"{libelle} — constat n°{constat.numero}",
            "constat": constat,
            "form": form,
            "libelle_bouton": libelle,
            "url_annuler": reverse("audits:constat_detail", kwargs={"pk": constat.pk}),
        },
    )


@require_POST
@acces_requis(peut_modifier_audits)
def constat_verifier(request: HttpRequest, pk: int) -> HttpResponse:
    constat = constat_modifiable(request.user, pk)
    try:
        services.constat_verifier(constat=constat, auteur=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Le constat est marqué comme vérifié lors de l'audit suivant.")
    return redirect("audits:constat_detail", pk=constat.pk)


@acces_requis(peut_lire_audits)
def preparation(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.constats_ouverts(), PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audits/preparation.html",
        {"titre": "Constats ouverts à traiter avant l'audit", "page_obj": page},
    )


@acces_requis(peut_modifier_audits)
def label_renouveler(request: HttpRequest, pk: int) -> HttpResponse:
    """« Renouveler le label » depuis la page d'un cycle : audit réalisé, conclusion, nouvelle validité, périmètre."""
    cycle = get_object_or_404(CycleLabel.objects.select_related("site", "referentiel"), pk=pk)
    form = RenouvellementForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            nouveau = services.label_renouveler(
                cycle=cycle,
                audit=donnees["audit"],
                conclusion=donnees["conclusion"],
                date_obtention=donnees["date_obtention"],
                date_fin_validite=donnees["date_fin_validite"],
                modules=list(donnees["modules"]),
                organisme=donnees["organisme"],
                auteur=request.user,
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(
                request,
                f"Label renouvelé le {nouveau.date_obtention:%d/%m/%Y}, valable jusqu'au "
                f"{nouveau.date_fin_validite:%d/%m/%Y} : le nouveau cycle et ses audits prévus sont enregistrés.",
            )
            return redirect("engagements:cycle_detail", pk=nouveau.pk)
    form.premier_champ_en_erreur()
    return render(
        request,
        "audits/audit_form.html",
        {
            "titre": f"Renouveler le label — {cycle}",
            "form": form,
            "url_annuler": reverse("engagements:cycle_detail", args=[cycle.pk]),
        },
    )


def action_renouveler(cycle: CycleLabel, utilisateur) -> dict | None:
    """Le bouton « Renouveler le label » de la page d'un cycle obtenu (enregistré dans apps.py)."""
    if not peut_modifier_audits(utilisateur) or cycle.date_obtention is None:
        return None
    return {"libelle": "Renouveler le label", "url": reverse("audits:label_renouveler", args=[cycle.pk])}
