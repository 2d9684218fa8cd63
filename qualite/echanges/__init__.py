"""La couche d'échange des tableaux (import et export), sur django-import-export.

Une table échangée = une `Echange` (une `ModelResource` de django-import-export) dont chaque champ est une
colonne du fichier, dans les deux sens :

- export : `exporter(format)` → le jeu de données de la ressource, mis en forme par `qualite.export`
  (xlsx et ods pour des personnes, csv UTF-8 ou Windows-1252 à « ; ») ;
- import : le fichier est lu par `qualite.tableur` (en-tête cherché sous des lignes de titre, libellés
  comparés sans casse, accents ni pluriel : le crochet `lire`), puis `import_data` de django-import-export
  valide chaque ligne (widgets, `full_clean` du modèle) et enregistre ; `importeur` en fait un importeur de
  `qualite.imports` (transaction, `--dry-run`, aperçu et confirmation dans le navigateur).

Sans perte : chaque ligne est comparée, colonne par colonne, à ce que l'export en écrirait ; une ligne
identique n'est pas réenregistrée (« inchangée »), une ligne modifiée l'est et l'aperçu dit quoi :
« ligne 12 : Statut En cours → Réalisée ».

Modules : `widgets` (une cellule ↔ une valeur), `champs` (relations multiples en une colonne), `ressource`
(la ressource de base `Echange`). `from qualite.echanges import …` donne tout.
"""

from .champs import (  # noqa: F401
    ChampRelations,
    relation,
    relations_lues,
)
from .ressource import (  # noqa: F401
    TAILLE_APERCU,
    TAILLE_APERCU_LIGNES,
    Changement,
    Echange,
    meme_valeur,
    message_erreur,
    separer,
)
from .widgets import (  # noqa: F401
    ChoixWidget,
    CorrespondanceWidget,
    DateWidget,
    DecimalWidget,
    EntierWidget,
    OuiNonWidget,
    PourcentageWidget,
    TexteWidget,
)
