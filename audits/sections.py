"""Section « Constats d'audit » de la page d'un engagement (registre engagements.liens)."""

from .acces import peut_lire_audits
from .selectors import constats_pour_engagement, points_sensibles_ouverts


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


def critere_constats_ouverts(engagements, aujourdhui) -> dict[int, str]:
    """Critère de préparation d'audit : engagements qui portent des constats encore ouverts."""
    comptes: dict[int, int] = {}
    for engagement_id in (
        points_sensibles_ouverts().filter(engagement__in=engagements).values_list("engagement_id", flat=True)
    ):
        comptes[engagement_id] = comptes.get(engagement_id, 0) + 1
    return {pk: f"{n} constat{'s' if n > 1 else ''} ouvert{'s' if n > 1 else ''}" for pk, n in comptes.items()}
