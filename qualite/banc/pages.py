"""Les pages mesurées par le banc : une ligne par page.

Pour en ajouter une (ex. le tableau de bord du pilotage) :
    Page("Tableau de bord", "pilotage:tableau_de_bord"),
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    titre: str
    nom_url: str
    # Arguments de l'URL, calculés dans la base du banc au moment de la mesure.
    arguments: Callable[[], dict] = field(default=dict)


def _audit_le_plus_fourni() -> dict:
    from .donnees import audit_le_plus_fourni

    return {"pk": audit_le_plus_fourni().pk}


PAGES: list[Page] = [
    Page("Tableau de bord (accueil)", "accueil"),
    Page("Liste des actions", "plan_actions:liste"),
    Page("Liste des indicateurs", "indicateurs:liste"),
    Page("Saisie mensuelle", "indicateurs:saisie_mensuelle"),
    Page("Page d'audit (le plus de constats)", "audits:audit_detail", _audit_le_plus_fourni),
]

# La page soumise à la charge (wrk) et la vue triviale de référence.
PAGE_CHARGE = "accueil"
PAGE_REFERENCE = "sante"
