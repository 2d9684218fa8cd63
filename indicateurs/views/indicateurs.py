"""Pages des indicateurs : liste, fiche avec graphique, action corrective, import et export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.annees import annee_demandee
from qualite.export import reponse_fichier
from qualite.imports import vue_import

from .. import acces, selectors, services
from ..graphiques import graphique_annuel, graphique_mensuel, graphique_pluriannuel
from ..imports import ENTETES, export_csv, export_ods, export_xlsx, importer_mesures
from ..models import Indicateur, Periodicite


def _annee(request: HttpRequest, annees: list[int] | None = None) -> int:
    """L'année demandée, sinon la dernière année mesurée (`annees` : les années mesurées, si déjà lues)."""
    return annee_demandee(request, lambda: selectors.annee_par_defaut(timezone.localdate(), annees=annees))


@acces_requis(acces.peut_lire)
def indicateur_list(request: HttpRequest) -> HttpResponse:
    annees = selectors.annees_disponibles()
    annee = _annee(request, annees)
    lignes = selectors.tableau_indicateurs(annee)
    page_obj = Paginator(lignes, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "indicateurs/indicateur_list.html",
        {
            "titre": "Indicateurs",
            "annee": annee,
            "annees": annees or [annee],
            "page_obj": page_obj,
            "lignes": page_obj.object_list,
            "peut_saisir": acces.peut_saisir(request.user),
            "peut_importer": acces.peut_importer(request.user),
            "peut_definir": acces.peut_definir(request.user),
        },
    )


@acces_requis(acces.peut_lire)
def indicateur_detail(request: HttpRequest, code: str) -> HttpResponse:
    annee = _annee(request)
    try:
        ligne = selectors.indicateur_detail(code, annee)
    except Indicateur.DoesNotExist:
        raise Http404("Indicateur introuvable") from None
    indicateur = ligne.indicateur
    contexte = {
        "titre": indicateur.libelle,
        "ligne": ligne,
        "indicateur": indicateur,
        "annee": annee,
        "peut_saisir": acces.peut_saisir_indicateur(request.user, indicateur),
        "peut_definir": acces.peut_definir(request.user),
    }
    if indicateur.periodicite == Periodicite.MENSUELLE:
        serie = selectors.serie_mensuelle(indicateur, annee)
        contexte.update(
            serie=serie, graphique=graphique_mensuel(ligne, serie), graphique_annees=graphique_pluriannuel(ligne)
        )
    else:
        annuelle = selectors.serie_annuelle(indicateur)
        contexte.update(annuelle=annuelle, graphique=graphique_annuel(indicateur, annuelle) if annuelle else None)
    return render(request, "indicateurs/indicateur_detail.html", contexte)


@require_POST
@acces_requis(acces.peut_lire)
def action_corrective(request: HttpRequest, code: str, annee: int) -> HttpResponse:
    indicateur = acces.indicateur_saisissable(request.user, code)
    ligne = selectors.indicateur_detail(indicateur.code, annee)
    url = f"{reverse('indicateurs:detail', args=[indicateur.code])}?annee={annee}"
    mois = request.POST.get("mois", "")
    mois_demande = int(mois) if mois.isdigit() and 1 <= int(mois) <= 12 else 0
    try:
        action = services.action_corrective_creer(
            ligne=ligne, url_indicateur=url, auteur=request.user, mois=mois_demande
        )
    except ValueError as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, f"Action corrective {action.reference} créée dans le plan d'actions.")
    return redirect(url)


@acces_requis(acces.peut_importer)
def mesures_import(request: HttpRequest) -> HttpResponse:
    return vue_import(
        request,
        importeur=importer_mesures,
        titre="Importer des mesures d'indicateurs",
        colonnes=ENTETES,
        url_retour=reverse("indicateurs:liste"),
    )


@acces_requis(acces.peut_lire)
def mesures_export(request: HttpRequest, format: str) -> HttpResponse:
    annee = annee_demandee(request)  # sans année : toutes les mesures
    mesures = selectors.mesures_pour_export(annee)
    suffixe = f"-{annee}" if annee else ""
    if format == "csv":
        return reponse_fichier(export_csv(mesures), nom=f"mesures-indicateurs{suffixe}.csv")
    if format == "xlsx":
        return reponse_fichier(export_xlsx(mesures), nom=f"mesures-indicateurs{suffixe}.xlsx")
    if format == "ods":
        return reponse_fichier(export_ods(mesures), nom=f"mesures-indicateurs{suffixe}.ods")
    raise Http404("Format inconnu")
