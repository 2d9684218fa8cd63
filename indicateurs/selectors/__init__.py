"""Lectures des indicateurs pour les pages, le tableau de bord et le bilan, par sujet :

- `valeurs` : valeur d'une période, des trois années, ligne du tableau des indicateurs (avec `calculs`) ;
- `saisie` : séries mensuelles, grille de saisie, mois manquants, mesures exportées.

Toutes les valeurs affichées sortent d'ici (et de `calculs`) : un chiffre a une seule définition.
`from indicateurs import selectors` donne tout.
"""

from .saisie import (  # noqa: F401
    PointMensuel,
    SuiviSaisie,
    indicateurs_de_l_engagement,
    lignes_saisie_mensuelle,
    mesures_annee,
    mesures_du_mois,
    mesures_pour_export,
    mois_manquants,
    periodes_de_l_annee,
    serie_mensuelle,
    suivi_saisie,
)
from .valeurs import (  # noqa: F401
    ANNEES_CHARGEES,
    ANNEES_COMPAREES,
    MOIS_COURTS,
    LigneIndicateur,
    ValeurAnnuelle,
    ValeurPeriode,
    _annees_chargees,
    _indicateurs_avec_mesures,
    annee_par_defaut,
    annees_disponibles,
    composantes,
    dernier_mois_couvert,
    formater,
    formater_variation,
    indicateur_detail,
    ligne_indicateur,
    serie_annuelle,
    tableau_de_la_derniere_annee,
    tableau_indicateurs,
    valeur_periode,
    valeurs_annuelles,
)
