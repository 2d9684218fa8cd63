"""Section « Actions liées » de la page d'un engagement (registre engagements.liens)."""

from .acces import peut_lire_plan
from .selectors import actions_de_l_engagement


def section_engagement(engagement, utilisateur) -> dict | None:
    if not peut_lire_plan(utilisateur):
        return None
    return {
        "titre": "Actions liées",
        "gabarit": "plan_actions/_section_engagement.html",
        "contexte": {"actions": list(actions_de_l_engagement(engagement))},
    }
