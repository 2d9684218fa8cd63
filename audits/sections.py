"""Section « Constats d'audit » de la page d'un engagement (registre engagements.liens)."""

from .acces import peut_lire_audits
from .selectors import constats_pour_engagement


def section_constats(engagement, utilisateur) -> dict | None:
    if not peut_lire_audits(utilisateur):
        return None
    constats = list(constats_pour_engagement(engagement))
    if not constats:
        return None
    return {
        "titre": "Constats d'audit",
        "gabarit": "audits/_section_engagement.html",
        "contexte": {"constats": constats},
    }
