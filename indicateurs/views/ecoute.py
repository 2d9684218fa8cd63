"""Écoute des usagers : registre des sollicitations, chiffres, réclamations par objet, indicateurs branchés."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite import graphiques
from qualite.acces import acces_requis, est_referent

from .. import acces, selectors_ecoute, services_ecoute
from ..forms_enquetes import BranchementRegistreForm, SollicitationForm
from ..models import Sollicitation, TypeSollicitation
from ..selectors import MOIS


def _annee(request: HttpRequest) -> int:
    texte = request.GET.get("annee", "")
    if texte.isdigit() and 2000 <= int(texte) <= 2100:
        return int(texte)
    annees = selectors_ecoute.annees_registre()
    return annees[0] if annees else timezone.localdate().year


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
    annee = _annee(request)
    mois_texte = request.GET.get("mois", "")
    mois = int(mois_texte) if mois_texte.isdigit() and 1 <= int(mois_texte) <= 12 else None
    type_choisi = request.GET.get("type", "")
    if type_choisi not in TypeSollicitation.values:
        type_choisi = ""
    liste = selectors_ecoute.sollicitations(Sollicitation.objects.all(), annee=annee, mois=mois, type=type_choisi)
    page_obj = Paginator(liste, 25).get_page(request.GET.get("page"))
    par_objet = selectors_ecoute.registre_par_objet(annee)
    taux, delais = services_ecoute.indicateurs_du_registre()
    return render(
        request,
        "indicateurs/ecoute.html",
        {
            "titre": f"Écoute des usagers {annee}",
            "annee": annee,
            "mois": mois,
            "mois_choix": list(enumerate(MOIS, start=1)),
            "type_choisi": type_choisi,
            "types": TypeSollicitation.choices,
            "annees": selectors_ecoute.annees_registre() or [annee],
            "page_obj": page_obj,
            "sollicitations": page_obj.object_list,
            "chiffres": selectors_ecoute.chiffres_ecoute(annee),
            "termes_mois": selectors_ecoute.termes_registre(annee, mois) if mois else None,
            "graphique": _graphique_objets(annee, par_objet),
            "branches": taux + delais,
            "peut_ajouter": acces.peut_gerer_registre(request.user),
            "peut_modifier_tout": est_referent(request.user),
            "services_suivis": set(request.user.services.values_list("pk", flat=True)),
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
        sollicitation = services_ecoute.sollicitation_enregistrer(
            sollicitation=form.save(commit=False), auteur=request.user, ancienne_reception=ancienne_reception
        )
        messages.success(request, f"{sollicitation} enregistrée au registre.")
        return redirect(f"{reverse('indicateurs:ecoute')}?annee={sollicitation.recue_le.year}")
    titre = f"Modifier : {sollicitation}" if sollicitation else "Nouvelle sollicitation"
    return render(
        request,
        "indicateurs/enquete_form.html",
        {"titre": titre, "form": form, "url_annuler": reverse("indicateurs:ecoute")},
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
        return redirect("indicateurs:ecoute")
    indicateur, actif = form.cleaned_data["indicateur"], form.cleaned_data["actif"]
    nombre = services_ecoute.indicateur_brancher_registre(indicateur=indicateur, actif=actif, auteur=request.user)
    if actif:
        messages.success(
            request,
            f"« {indicateur.libelle} » est désormais calculé depuis le registre ({nombre} mois recalculé(s)) ; "
            "sa saisie manuelle est fermée.",
        )
    else:
        messages.success(request, f"« {indicateur.libelle} » se saisit de nouveau à la main.")
    return redirect("indicateurs:ecoute")
