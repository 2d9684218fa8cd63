"""Pages du plan d'actions : liste filtrée, fiche, modification, « Mes actions », import et export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.export import EXTENSIONS, FORMATS_TABLEAU, reponse_fichier
from qualite.imports import vue_import

from . import acces, selectors, services
from .echanges import ENTETES, importer_actions
from .echanges import exporter as exporter_actions
from .forms import ActionForm, CommentaireForm, FiltresForm, MiseAJourRapideForm, message_avancement
from .historique import historique_action
from .models import STATUTS_OUVERTS, Action, Statut

PAR_PAGE = 25


class PaginateurCompte(Paginator):
    """Un paginateur dont le nombre de lignes est déjà connu (la somme des comptes par statut) : pas de COUNT(*)
    de plus sur toute la liste."""

    def __init__(self, object_list, per_page: int, *, nombre: int):
        super().__init__(object_list, per_page)
        self.nombre = nombre

    @cached_property
    def count(self) -> int:
        return self.nombre


COLONNES_TRI = [
    ("reference", "N°"),
    ("intitule", "Intitulé"),
    ("service", "Service pilote"),
    ("echeance", "Échéance"),
    ("statut", "Statut"),
    ("avancement", "Avancement"),
]


@acces_requis(acces.peut_lire_plan)
def liste(request: HttpRequest) -> HttpResponse:
    filtres = FiltresForm(request.GET or None, annees=selectors.annees_de_creation())
    actions = selectors.actions_filtrees(request.GET)
    comptes, total = selectors.comptes_et_total(actions)
    page = PaginateurCompte(selectors.avec_details(actions), PAR_PAGE, nombre=total).get_page(request.GET.get("page"))
    au = selectors.passee(filtres.cleaned_data.get("au") if filtres.is_valid() else None)
    if au is not None:
        page.object_list = selectors.telles_qu_a_date(page.object_list)
    sans_tri = request.GET.copy()
    sans_tri.pop("page", None)
    return render(
        request,
        "plan_actions/action_list.html",
        {
            "titre": "Plan d'actions",
            "filtres": filtres,
            "page_obj": page,
            "comptes": comptes,
            "total": total,
            "colonnes_tri": COLONNES_TRI,
            "tri": request.GET.get("tri", ""),
            "requete": sans_tri.urlencode(),
            "aujourdhui": timezone.localdate(),
            "peut_gerer": acces.peut_gerer_plan(request.user),
            "au": au,
        },
    )


@acces_requis(acces.peut_lire_plan)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.avec_details(Action.objects.all()), pk=pk)
    peut_modifier = acces.peut_modifier_action(request.user, action)
    return render(
        request,
        "plan_actions/action_detail.html",
        {
            "titre": f"Action {action.reference}",
            "action": action,
            "journal": selectors.journal(action),
            "historique": historique_action(action),
            "peut_modifier": peut_modifier,
            "form_commentaire": CommentaireForm() if peut_modifier else None,
            "en_retard": action.est_en_retard(),
            "aujourdhui": timezone.localdate(),
        },
    )


@acces_requis(acces.peut_gerer_plan)
def creer(request: HttpRequest) -> HttpResponse:
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        valeurs = form.valeurs()
        suivi = {c: valeurs.pop(c) for c in ("responsable_nom", "avancement", "date_realisation")}
        for champ in ("efficacite", "efficacite_date", "efficacite_commentaire", "efficacite_indicateur"):
            suivi[champ] = valeurs.pop(champ)
        # Une seule transaction : base perdue en route (503), ni action sans son suivi ni commentaire orphelin.
        with transaction.atomic():
            action = services.action_creer(
                auteur=request.user, **{**valeurs, "reference": valeurs["reference"] or None}
            )
            suivi = services.action_modifications(action=action, valeurs=suivi)
            if suivi:
                action = services.action_mettre_a_jour(
                    action=action, version_lue=action.version, modifications=suivi, auteur=request.user
                )
            if form.cleaned_data["commentaire"]:
                services.action_commenter(action=action, auteur=request.user, texte=form.cleaned_data["commentaire"])
        messages.success(request, f"Action {action.reference} créée.")
        if message_avancement(form):
            messages.warning(request, message_avancement(form))
        return redirect("plan_actions:detail", pk=action.pk)
    form.premier_champ_en_erreur()
    return render(
        request,
        "plan_actions/action_form.html",
        {"titre": "Nouvelle action", "form": form, "url_annuler": reverse("plan_actions:liste")},
    )


@acces_requis(acces.peut_lire_plan)
def modifier(request: HttpRequest, pk: int) -> HttpResponse:
    action = acces.action_a_modifier(request.user, pk)
    complet = acces.peut_modifier_tout(request.user)
    form = ActionForm(request.POST or None, instance=action, complet=complet)
    conflit = None
    if request.method == "POST" and form.is_valid():
        valeurs = form.valeurs()
        if complet and not valeurs.get("reference"):
            valeurs["reference"] = action.reference
        try:
            services.action_mettre_a_jour(
                action=action,
                version_lue=form.cleaned_data["version"] or 0,
                modifications=valeurs,
                auteur=request.user,
                commentaire=form.cleaned_data["commentaire"],
            )
        except services.ConflitEdition as erreur:
            conflit = erreur
            donnees = form.donnees_apres_conflit(erreur, version_lue=form.cleaned_data["version"] or 0)
            form = ActionForm(donnees, instance=erreur.action, complet=complet)
            form.is_valid()
            messages.error(request, erreur.message)
        else:
            messages.success(request, f"Action {action.reference} enregistrée.")
            if message_avancement(form):
                messages.warning(request, message_avancement(form))
            return redirect("plan_actions:detail", pk=action.pk)
    form.premier_champ_en_erreur()
    return render(
        request,
        "plan_actions/action_form.html",
        {
            "titre": f"Modifier l'action {action.reference}",
            "form": form,
            "action": action,
            "conflit": conflit,
            "url_annuler": reverse("plan_actions:detail", kwargs={"pk": action.pk}),
        },
    )


@require_POST
@acces_requis(acces.peut_lire_plan)
def commenter(request: HttpRequest, pk: int) -> HttpResponse:
    action = acces.action_a_modifier(request.user, pk)
    form = CommentaireForm(request.POST)
    if form.is_valid():
        services.action_commenter(action=action, auteur=request.user, texte=form.cleaned_data["texte"])
        messages.success(request, "Commentaire ajouté au journal.")
    else:
        messages.error(request, "Le commentaire est vide : rien n'a été ajouté.")
    return redirect("plan_actions:detail", pk=action.pk)


@acces_requis(acces.peut_suivre_ses_actions)
def mes_actions(request: HttpRequest) -> HttpResponse:
    toutes = selectors.actions_du_correspondant(request.user)
    avec_closes = request.GET.get("closes") == "1"
    actions = toutes if avec_closes else toutes.ouvertes()
    page = Paginator(actions, PAR_PAGE).get_page(request.GET.get("page"))
    lignes = [
        {
            "action": action,
            "form": MiseAJourRapideForm(
                prefix=f"a{action.pk}",
                initial={"version": action.version, "statut": action.statut, "avancement": action.avancement},
            ),
        }
        for action in page
    ]
    return render(
        request,
        "plan_actions/mes_actions.html",
        {
            "titre": "Mes actions",
            "lignes": lignes,
            "page_obj": page,
            "services_suivis": request.user.services.all(),
            "aujourdhui": timezone.localdate(),
            "avec_closes": avec_closes,
            **toutes.order_by().aggregate(
                nombre_toutes=Count("pk"), nombre_ouvertes=Count("pk", filter=Q(statut__in=STATUTS_OUVERTS))
            ),
        },
    )


@require_POST
@acces_requis(acces.peut_lire_plan)
def mise_a_jour_rapide(request: HttpRequest, pk: int) -> HttpResponse:
    action = acces.action_a_modifier(request.user, pk)
    form = MiseAJourRapideForm(request.POST, prefix=f"a{action.pk}")
    retour = request.POST.get("retour") or reverse("plan_actions:mes_actions")
    if not retour.startswith("/") or retour.startswith("//"):
        retour = reverse("plan_actions:mes_actions")
    if not form.is_valid():
        erreurs = " ".join(
            f"{form.fields[c].label if c in form.fields else ''} : {' '.join(e)}" for c, e in form.errors.items()
        )
        messages.error(request, f"Action {action.reference} non enregistrée. {erreurs}")
        return redirect(retour)
    modifications = services.action_modifications(
        action=action,
        valeurs={"statut": form.cleaned_data["statut"], "avancement": form.cleaned_data["avancement"]},
    )
    if form.cleaned_data["statut"] != Statut.REALISEE and action.date_realisation:
        modifications["date_realisation"] = None
    commentaire = form.cleaned_data["commentaire"]
    if not modifications and not commentaire:
        messages.info(request, f"Action {action.reference} : aucun changement.")
        if message_avancement(form):
            messages.warning(request, f"Action {action.reference} : {message_avancement(form)}")
        return redirect(retour)
    try:
        services.action_mettre_a_jour(
            action=action,
            version_lue=form.cleaned_data["version"],
            modifications=modifications,
            auteur=request.user,
            commentaire=commentaire,
        )
    except services.ConflitEdition as erreur:
        messages.error(request, f"Action {action.reference} : {erreur.message}")
        return redirect(retour)
    messages.success(request, f"Action {action.reference} mise à jour.")
    if message_avancement(form):
        messages.warning(request, f"Action {action.reference} : {message_avancement(form)}")
    return redirect(retour)


@acces_requis(acces.peut_lire_plan)
def exporter(request: HttpRequest) -> HttpResponse:
    actions = selectors.actions_filtrees(request.GET)
    horodatage = timezone.localtime().strftime("%Y%m%d")
    format_demande = request.GET.get("format", "xlsx")
    format_fichier = format_demande if format_demande in FORMATS_TABLEAU else "xlsx"
    contenu = exporter_actions(actions, format_fichier)
    return reponse_fichier(contenu, nom=f"plan-actions-{horodatage}.{EXTENSIONS[format_fichier]}")


@acces_requis(acces.peut_gerer_plan)
def importer(request: HttpRequest) -> HttpResponse:
    return vue_import(
        request,
        importeur=importer_actions,
        titre="Importer le plan d'actions",
        colonnes=ENTETES,
        url_retour=reverse("plan_actions:liste"),
    )
