"""Lectures des référentiels et du label, pour les pages, le tableau de bord et le bilan, par sujet :

- `referentiels` : référentiels, modules, engagements et leur dernier niveau d'autodiagnostic ;
- `label` : cycles, périmètre, échéances à une date de référence, état des sites, préparation d'audit ;
- `changements` : changement de référentiel (correspondances, migration, rapport au COPIL).

`from engagements import selectors` donne tout.
"""

from .changements import (  # noqa: F401
    LigneCorrespondance,
    RapportChangement,
    TableCorrespondances,
    migration_du_referentiel,
    migrations_de_l_annee,
    paires_de_correspondances,
    rapport_changement,
    reprises_par_nature,
    table_correspondances,
)
from .label import (  # noqa: F401
    ORDRE_CYCLES,
    EtatDuSite,
    Preparation,
    PreparationModule,
    ProchaineEcheance,
    _passee,
    _premiere_a_venir,
    critere_non_evalues,
    critere_preuves_expirees,
    critere_sans_preuve,
    cycle_en_cours,
    cycles_en_vigueur,
    echeances_du_site,
    engagements_du_perimetre,
    etat_autodiagnostic,
    etats_des_sites,
    historique_label,
    modules_du_perimetre,
    perimetre_en_cours,
    preparation_audit,
    prochaine_echeance,
    site_et_cycle_principal,
)
from .referentiels import (  # noqa: F401
    DernierNiveau,
    engagements_avec_dernier_niveau,
    modules_du_referentiel,
    referentiels,
)
