"""Le tableau de bord du COPIL (page d'accueil des utilisateurs connectés)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from organisation.acces import doit_saisir_identite
from qualite import graphiques
from qualite.acces import acces_requis
from qualite.annees import annee_demandee

from .. import acces, selectors


@acces_requis(acces.peut_lire_tableau_de_bord)
def accueil(request: HttpRequest) -> HttpResponse:
    if doit_saisir_identite(request.user):
        return redirect("organisation:identite")
    aujourdhui = timezone.localdate()
    # Sans année demandée, le selector prend celle de la liste des indicateurs (la dernière année mesurée).
    tableau = selectors.tableau_de_bord(annee_demandee(request), aujourdhui, request.user)
    annees = sorted({aujourdhui.year, tableau.annee, *tableau.plan.annees}, reverse=True)
    return render(
        request,
        "pilotage/accueil.html",
        {"titre": "Tableau de bord", "tableau": tableau, "annees": annees, "graphique": _graphique_plan(tableau)},
    )


def _graphique_plan(tableau):
    return graphiques.graphique_barres(
        identifiant="graphique-actions-statut",
        titre="Actions du plan par statut",
        description="Histogramme du nombre d'actions du plan par statut.",
        categories=[chiffre.libelle for chiffre in tableau.plan.par_statut],
        series=[graphiques.Serie("Actions", [chiffre.nombre for chiffre in tableau.plan.par_statut])],
    )
