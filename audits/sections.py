"""Section « Constats d'audit » de la page d'un engagement (registre engagements.liens)."""

from .acces import peut_lire_audits
from .models import Portee
from .selectors import constats_ouverts, constats_pour_engagement, points_sensibles_ouverts


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


def compte_constats_ouverts(modules, aujourdhui) -> dict[int | None, int]:
    """Compte de préparation d'audit : constats ouverts à traiter de chaque module et, sous None, ceux du pilotage
    (les mêmes que la liste de tri des constats)."""
    comptes: dict[int | None, int] = {getattr(m, "pk", m): 0 for m in modules}
    comptes[None] = 0
    for portee, module_id in constats_ouverts().values_list("portee", "module_id"):
        cle = None if portee == Portee.PILOTAGE else module_id
        if cle in comptes:
            comptes[cle] += 1
    return comptes
