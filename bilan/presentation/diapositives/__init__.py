"""Les diapositives, une fonction par point de l'ordre du jour : chacune lit le contenu du bilan
(`bilan.contenu.contenu_bilan`, le dictionnaire `c`) et renvoie ses diapositives ; rien d'autre n'est lu en base.

Une diapositive est décrite une fois (`modele` : titre, chiffres clés, paragraphes, puces, tableau, graphique,
notes de l'orateur) puis rendue en PPTX (`powerpoint.py`) ou en PDF 16:9 (`pdf.py`). Les points de la démarche
(label, audit, plan d'actions) sont dans `demarche`, ceux des résultats (indicateurs, enquêtes, écoute,
transparence, perspectives) dans `resultats`.
"""

from .demarche import _audit, _label, _plan
from .modele import Diapositive, Presentation, Tableau
from .resultats import _ecoute, _indicateurs, _mysteres, _perspectives, _satisfaction, _transparence

__all__ = ["CONSTRUCTEURS", "Diapositive", "Presentation", "Tableau"]

CONSTRUCTEURS = {
    "label": _label,
    "audit": _audit,
    "plan_actions": _plan,
    "indicateurs": _indicateurs,
    "appels_mysteres": _mysteres,
    "satisfaction": _satisfaction,
    "ecoute": _ecoute,
    "transparence": _transparence,
    "perspectives": _perspectives,
}
