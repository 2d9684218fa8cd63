"""Pages des enquêtes : résultats de l'année, affiche A4 (PDF), saisie, import, enquêtes mystères."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qualite.acces import acces_requis
from qualite.vues_import import vue_import

from .. import acces, selectors_enquetes, services_enquetes
from ..affiche import affiche_pdf
from ..forms_enquetes import EnqueteMystereForm, EnqueteSatisfactionForm
from ..imports_enquetes import ENTETES, importer_enquete
from ..models import EnqueteMystere


def _annee(request: HttpRequest) -> int:
    texte = request.GET.get("annee", "")
    if texte.isdigit() and 2000 <= int(texte) <= 2100:
        return int(texte)
    annees = selectors_enquetes.annees_enquetes()
    return annees[0] if annees else timezone.localdate().year


def _contexte_resultats(annee: int) -> dict:
    lignes = selectors_enquetes.tableau_satisfaction(annee)
    enquete = selectors_enquetes.enquete_satisfaction(annee)
    mentions = list(enquete.mentions.all()) if enquete else []
    return {
        "annee": annee,
        "enquete": enquete,
        "taux_reponse": selectors_enquetes.texte_taux_reponse(enquete) if enquete else "—",
        "groupes": selectors_enquetes.par_theme(lignes),
        "avec_repartition": any(ligne.repartition for ligne in lignes),
        "lignes": lignes,
        "mentions": mentions,
        "total_mentions": sum(mention.nombre for mention in mentions),
    }


@acces_requis(acces.peut_lire)
def enquete_resultats(request: HttpRequest) -> HttpResponse:
    annee = _annee(request)
    contexte = _contexte_resultats(annee)
    contexte.update(
        titre=f"Enquêtes auprès des usagers {annee}",
        annees=selectors_enquetes.annees_enquetes() or [annee],
        mysteres=selectors_enquetes.enquetes_mysteres(annee),
        peut_gerer=acces.peut_gerer_enquetes(request.user),
    )
    return render(request, "indicateurs/enquete_resultats.html", contexte)


@acces_requis(acces.peut_lire)
def enquete_affiche(request: HttpRequest, annee: int) -> HttpResponse:
    contexte = _contexte_resultats(annee)
    contexte["titre"] = f"Enquête de satisfaction {annee} : les résultats"
    reponse = HttpResponse(affiche_pdf(contexte), content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="affiche-enquete-satisfaction-{annee}.pdf"'
    return reponse


@acces_requis(acces.peut_gerer_enquetes)
def enquete_modifier(request: HttpRequest, annee: int) -> HttpResponse:
    enquete = selectors_enquetes.enquete_satisfaction(annee)
    form = EnqueteSatisfactionForm(request.POST or None, instance=enquete)
    if request.method == "POST" and form.is_valid():
        form.instance.annee = annee
        enquete = services_enquetes.enquete_enregistrer(enquete=form.save(commit=False))
        services_enquetes.mentions_remplacer(enquete=enquete, mentions=form.cleaned_data["mentions"])
        messages.success(request, f"Enquête de satisfaction {annee} enregistrée.")
        return redirect(f"{reverse('indicateurs:enquetes')}?annee={annee}")
    return render(
        request,
        "indicateurs/enquete_form.html",
        {"titre": f"Enquête de satisfaction {annee}", "form": form, "url_annuler": reverse("indicateurs:enquetes")},
    )


@acces_requis(acces.peut_gerer_enquetes)
def enquete_import(request: HttpRequest) -> HttpResponse:
    return vue_import(
        request,
        importeur=importer_enquete,
        titre="Importer des résultats d'enquête de satisfaction",
        colonnes=ENTETES,
        url_retour=reverse("indicateurs:enquetes"),
    )


def _mystere(request: HttpRequest, enquete: EnqueteMystere | None) -> HttpResponse:
    form = EnqueteMystereForm(request.POST or None, instance=enquete)
    if request.method == "POST" and form.is_valid():
        enquete = services_enquetes.enquete_mystere_enregistrer(enquete=form.save(commit=False), auteur=request.user)
        messages.success(request, f"Enquête mystère « {enquete.intitule} » enregistrée.")
        return redirect(f"{reverse('indicateurs:enquetes')}?annee={enquete.annee}")
    titre = f"Modifier l'enquête mystère « {enquete.intitule} »" if enquete else "Nouvelle enquête mystère"
    return render(
        request,
        "indicateurs/enquete_form.html",
        {"titre": titre, "form": form, "url_annuler": reverse("indicateurs:enquetes")},
    )


@acces_requis(acces.peut_gerer_enquetes)
def mystere_creer(request: HttpRequest) -> HttpResponse:
    return _mystere(request, None)


@acces_requis(acces.peut_gerer_enquetes)
def mystere_modifier(request: HttpRequest, pk: int) -> HttpResponse:
    return _mystere(request, acces.enquete_mystere_modifiable(request.user, pk))
