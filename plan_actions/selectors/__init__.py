"""Lectures du plan d'actions pour les pages, le tableau de bord et le bilan, par sujet :

- `etats` : l'état de chaque action à une date de référence (historique, ou clôture de l'année) ;
- `listes` : les listes filtrées et leurs comptes (une définition par filtre) ;
- `chiffres` : les chiffres du tableau de bord et du bilan (par statut, module, service), gardés à la clôture.

`from plan_actions import selectors` donne tout.
"""

from .chiffres import (  # noqa: F401
    AGREGATS_ANNEES,
    ChiffresPlan,
    _comptes_par_module,
    actions_en_retard_par_engagement,
    annees_de_creation,
    calculer_chiffres,
    chiffres_du_plan,
    comptes_par_module,
    listes_du_plan,
)
from .etats import (  # noqa: F401
    EtatADate,
    _date,
    _fin_du_jour,
    actions_a_date,
    cloture_pk,
    etats_a_date,
    etats_d_apres_l_historique,
    fin_d_annee,
    passee,
    telles_qu_a_date,
)
from .listes import (  # noqa: F401
    TRI_DEFAUT,
    TRIS,
    _annee,
    _conditions,
    _entier,
    actions_de_l_engagement,
    actions_du_correspondant,
    actions_en_retard,
    actions_exemples_en_cours,
    actions_filtrees,
    actions_par_statut,
    actions_realisees,
    annees_entre,
    avec_details,
    comptes_et_total,
    comptes_par_statut,
    dernier_commentaire,
    journal,
    lien_au_module,
    premiere_annee_actions,
    total_actions_depuis,
)
