"""Section « Indicateurs » de la page d'un engagement (enregistrée dans IndicateursConfig.ready)."""

from django.utils import timezone

from . import selectors


def section_indicateurs(engagement, utilisateur) -> dict | None:
    indicateurs = selectors.indicateurs_de_l_engagement(engagement)
    if not indicateurs:
        return None
    annee = selectors.annee_par_defaut(timezone.localdate())
    return {
        "titre": "Indicateurs",
        "gabarit": "indicateurs/_section_engagement.html",
        "contexte": {"lignes": [selectors.ligne_indicateur(i, annee) for i in indicateurs], "annee": annee},
    }
