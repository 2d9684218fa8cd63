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
    # Un constat repris d'un ancien référentiel compte aussi pour les successeurs de son engagement (une requête).
    directs = (
        points_sensibles_ouverts().filter(engagement__in=engagements).order_by().values_list("pk", "engagement_id")
    )
    repris = (
        points_sensibles_ouverts()
        .filter(engagements_repris__in=engagements)
        .order_by()
        .values_list("pk", "engagements_repris__id")
    )
    par_engagement: dict[int, set[int]] = {}
    for constat_id, engagement_id in directs.union(repris):
        par_engagement.setdefault(engagement_id, set()).add(constat_id)
    comptes = {pk: len(constats) for pk, constats in par_engagement.items()}
    return {pk: f"{n} constat{'s' if n > 1 else ''} ouvert{'s' if n > 1 else ''}" for pk, n in comptes.items()}


def compte_constats_ouverts(modules, aujourdhui) -> dict[int | None, int]:
    """Compte de préparation d'audit : constats ouverts à traiter de chaque module et, sous None, ceux du pilotage
    (les mêmes que la liste de tri des constats)."""
    par_module: dict[int | None, set[int]] = {getattr(m, "pk", m): set() for m in modules}
    par_module[None] = set()
    # Un constat repris d'un ancien référentiel compte aussi pour les modules successeurs du sien.
    for constat_id, portee, module_id, repris_id in constats_ouverts().values_list(
        "pk", "portee", "module_id", "modules_repris__id"
    ):
        cles = {None} if portee == Portee.PILOTAGE else {module_id} | ({repris_id} if repris_id else set())
        for cle in cles:
            if cle in par_module:
                par_module[cle].add(constat_id)
    return {cle: len(constats) for cle, constats in par_module.items()}
