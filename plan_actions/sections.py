"""Section « Actions liées » de la page d'un engagement (registre engagements.liens)."""

from .acces import peut_lire_plan
from .selectors import actions_de_l_engagement, actions_en_retard_par_engagement, comptes_par_module


def section_engagement(engagement, utilisateur) -> dict | None:
    if not peut_lire_plan(utilisateur):
        return None
    return {
        "titre": "Actions liées",
        "gabarit": "plan_actions/_section_engagement.html",
        "contexte": {"actions": list(actions_de_l_engagement(engagement))},
    }


def critere_actions_en_retard(engagements, aujourdhui) -> dict[int, str]:
    """Critère de préparation d'audit : engagements dont une action du plan est en retard."""
    comptes = actions_en_retard_par_engagement(engagements, aujourdhui)
    return {pk: f"{n} action{'s' if n > 1 else ''} en retard" for pk, n in comptes.items()}


def compte_actions_ouvertes(modules, aujourdhui) -> dict[int, int]:
    """Compte de préparation d'audit : actions ouvertes rattachées au module, directement ou par un engagement
    (comme le filtre `module` de la liste)."""
    comptes = comptes_par_module()
    return {pk: comptes.get(pk, (0, 0))[1] for pk in (getattr(module, "pk", module) for module in modules)}
