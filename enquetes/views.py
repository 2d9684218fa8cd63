"""Pages des enquêtes (résultats, affiche, saisie, import, enquêtes mystère) et du registre de l'écoute des usagers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite import graphiques
from qualite.acces import acces_requis
from qualite.annees import annee_demandee
from qualite.export import reponse_fichier
from qualite.formatage import MOIS, accord
from qualite.imports import vue_import
from qualite.pdf import rendre_pdf

from . import acces, selectors, services
from .echanges import ENTETES, importer_enquete
from .forms import BranchementRegistreForm, EnqueteMystereForm, EnqueteSatisfactionForm, SollicitationForm
from .models import EnqueteMystere, Sollicitation, TypeSollicitation


def _derniere_annee(annees: list[int]) -> int:
    return annees[0] if annees else timezone.localdate().year


def _contexte_resultats(annee: int) -> dict:
    lignes = selectors.tableau_satisfaction(annee)
    enquete = selectors.enquete_satisfaction(annee)
    mentions = list(enquete.mentions.all()) if enquete else []
    return {
        "annee": annee,
        "enquete": enquete,
        "taux_reponse": selectors.texte_taux_reponse(enquete) if enquete else "—",
        "groupes": selectors.par_theme(lignes),
        "avec_repartition": any(ligne.repartition for ligne in lignes),
        "lignes": lignes,
        "mentions": mentions,
        "total_mentions": sum(mention.nombre for mention in mentions),
    }


@acces_requis(acces.peut_lire)
def enquete_resultats(request: HttpRequest) -> HttpResponse:
    annee = annee_demandee(request, lambda: _derniere_annee(selectors.annees_enquetes()))
    contexte = _contexte_resultats(annee)
    contexte.update(
        titre=f"Enquêtes auprès des usagers {annee}",
        annees=selectors.annees_enquetes() or [annee],
        mysteres=selectors.enquetes_mysteres(annee),
        peut_gerer=acces.peut_gerer_enquetes(request.user),
    )
    return render(request, "enquetes/enquete_resultats.html", contexte)


@acces_requis(acces.peut_lire)
def enquete_affiche(request: HttpRequest, annee: int) -> HttpResponse:
    contexte = _contexte_resultats(annee)
    contexte["titre"] = f"Enquête de satisfaction {annee} : les résultats"
    contenu = rendre_pdf("enquetes/enquete_affiche.html", contexte)
    return reponse_fichier(contenu, nom=f"affiche-enquete-satisfaction-{annee}.pdf", en_ligne=True)


@acces_requis(acces.peut_gerer_enquetes)
def enquete_modifier(request: HttpRequest, annee: int) -> HttpResponse:
    enquete = selectors.enquete_satisfaction(annee)
    form = EnqueteSatisfactionForm(request.POST or None, instance=enquete)
    if request.method == "POST" and form.is_valid():
        form.instance.annee = annee
        with transaction.atomic():  # l'enquête et ses mentions, tout ou rien
            enquete = services.enquete_enregistrer(enquete=form.save(commit=False))
            services.mentions_remplacer(enquete=enquete, mentions=form.cleaned_data["mentions"])
        messages.success(request, f"Enquête de satisfaction {annee} enregistrée.")
        return redirect(f"{reverse('enquetes:enquetes')}?annee={annee}")
    return render(
        request,
        "enquetes/enquete_form.html",
        {"titre": f"Enquête de satisfaction {annee}", "form": form, "url_annuler": reverse("enquetes:enquetes")},
    )


@acces_requis(acces.peut_gerer_enquetes)
def enquete_import(request: HttpRequest) -> HttpResponse:
    return vue_import(
        request,
        importeur=importer_enquete,
        titre="Importer des résultats d'enquête de satisfaction",
        colonnes=ENTETES,
        url_retour=reverse("enquetes:enquetes"),
    )


def _mystere(request: HttpRequest, enquete: EnqueteMystere | None) -> HttpResponse:
    form = EnqueteMystereForm(request.POST or None, instance=enquete)
    if request.method == "POST" and form.is_valid():
        enquete = services.enquete_mystere_enregistrer(enquete=form.save(commit=False), auteur=request.user)
        messages.success(request, f"Enquête mystère « {enquete.intitule} » enregistrée.")
        return redirect(f"{reverse('enquetes:enquetes')}?annee={enquete.annee}")
    titre = f"Modifier l'enquête mystère « {enquete.intitule} »" if enquete else "Nouvelle enquête mystère"
    return render(
        request,
        "enquetes/enquete_form.html",
        {"titre": titre, "form": form, "url_annuler": reverse("enquetes:enquetes")},
    )


@acces_requis(acces.peut_gerer_enquetes)
def mystere_creer(request: HttpRequest) -> HttpResponse:
    return _mystere(request, None)


@acces_requis(acces.peut_gerer_enquetes)
def mystere_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _mystere(request, acces.enquete_mystere_modifiable(request.user, pk))


def _graphique_objets(annee: int, par_objet: list[tuple[str, int]]) -> graphiques.Graphique | None:
    if not par_objet:
        return None
    total = sum(nombre for _, nombre in par_objet)
    return graphiques.graphique_barres(
        identifiant=f"reclamations-objet-{annee}",
        titre=f"Réclamations reçues en {annee} par objet",
        description=f"Histogramme du nombre de réclamations de {annee} pour chaque objet ; {total} au total.",
        categories=[libelle for libelle, _ in par_objet],
        series=[graphiques.Serie("Réclamations", [nombre for _, nombre in par_objet])],
    )


@acces_requis(acces.peut_lire)
def ecoute(request: HttpRequest) -> HttpResponse:
    annee = annee_demandee(request, lambda: _derniere_annee(selectors.annees_registre()))
    mois_texte = request.GET.get("mois", "")
    mois = int(mois_texte) if mois_texte.isdigit() and 1 <= int(mois_texte) <= 12 else None
    type_choisi = request.GET.get("type", "")
    if type_choisi not in TypeSollicitation.values:
        type_choisi = ""
    liste = selectors.sollicitations(Sollicitation.objects.all(), annee=annee, mois=mois, type=type_choisi)
    page_obj = Paginator(liste, 25).get_page(request.GET.get("page"))
    par_objet = selectors.registre_par_objet(annee)
    taux, delais = services.indicateurs_du_registre()
    return render(
        request,
        "enquetes/ecoute.html",
        {
            "titre": f"Écoute des usagers {annee}",
            "annee": annee,
            "mois": mois,
            "mois_choix": list(enumerate(MOIS, start=1)),
            "type_choisi": type_choisi,
            "types": TypeSollicitation.choices,
            "annees": selectors.annees_registre() or [annee],
            "page_obj": page_obj,
            "sollicitations": page_obj.object_list,
            "chiffres": selectors.chiffres_ecoute(annee),
            "termes_mois": selectors.termes_registre(annee, mois) if mois else None,
            "graphique": _graphique_objets(annee, par_objet),
            "branches": taux + delais,
            "peut_ajouter": acces.peut_gerer_registre(request.user),
            "modifiables": acces.sollicitations_modifiables(request.user, page_obj.object_list),
            "form_branchement": BranchementRegistreForm() if acces.peut_brancher_registre(request.user) else None,
        },
    )


def _formulaire(request: HttpRequest, sollicitation: Sollicitation | None) -> HttpResponse:
    ancienne_reception = sollicitation.recue_le if sollicitation else None
    form = SollicitationForm(
        request.POST or None,
        instance=sollicitation,
        services=acces.services_du_registre(request.user),
        service_obligatoire=not acces.peut_gerer_enquetes(request.user),
    )
    if request.method == "POST" and form.is_valid():
        sollicitation = services.sollicitation_enregistrer(
            sollicitation=form.save(commit=False), auteur=request.user, ancienne_reception=ancienne_reception
        )
        messages.success(request, f"{sollicitation} enregistrée au registre.")
        return redirect(f"{reverse('enquetes:ecoute')}?annee={sollicitation.recue_le.year}")
    titre = f"Modifier : {sollicitation}" if sollicitation else "Nouvelle sollicitation"
    return render(
        request,
        "enquetes/enquete_form.html",
        {"titre": titre, "form": form, "url_annuler": reverse("enquetes:ecoute")},
    )


@acces_requis(acces.peut_gerer_registre)
def sollicitation_creer(request: HttpRequest) -> HttpResponse:
    return _formulaire(request, None)


@acces_requis(acces.peut_lire)
def sollicitation_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _formulaire(request, acces.sollicitation_modifiable(request.user, pk))


@require_POST
@acces_requis(acces.peut_brancher_registre)
def registre_brancher(request: HttpRequest) -> HttpResponse:
    form = BranchementRegistreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un indicateur mensuel de taux de réponse ou de délai moyen.")
        return redirect("enquetes:ecoute")
    indicateur, actif = form.cleaned_data["indicateur"], form.cleaned_data["actif"]
    nombre = services.indicateur_brancher_registre(indicateur=indicateur, actif=actif, auteur=request.user)
    if actif:
        messages.success(
            request,
            f"« {indicateur.libelle} » est désormais calculé depuis le registre "
            f"({accord(nombre, 'mois recalculé', 'mois recalculés')}) ; "
            "sa saisie manuelle est fermée.",
        )
    else:
        messages.success(request, f"« {indicateur.libelle} » se saisit de nouveau à la main.")
    return redirect("enquetes:ecoute")
