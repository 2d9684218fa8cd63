"""Sections ajoutées à la page d'un engagement par les applications des couches supérieures.

`engagements` n'importe ni les audits, ni le plan d'actions, ni les indicateurs : chacune de ces
applications enregistre, dans son `AppConfig.ready()`, une fonction qui rend sa section :

    from engagements.liens import enregistrer_section
    enregistrer_section(ordre=20, fonction=section_actions)

`fonction(engagement, utilisateur)` renvoie un `dict` (titre, gabarit, contexte) ou None.

De même, `enregistrer_action_cycle(fonction)` ajoute un bouton à la page d'un cycle de label :
`fonction(cycle, utilisateur)` renvoie {"libelle", "url"} ou None (« Renouveler le label », par les audits).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    ordre: int
    fonction: Callable


_SECTIONS: list[Section] = []


def enregistrer_section(*, ordre: int, fonction: Callable) -> None:
    if all(section.fonction is not fonction for section in _SECTIONS):
        _SECTIONS.append(Section(ordre=ordre, fonction=fonction))
        _SECTIONS.sort(key=lambda section: section.ordre)


def sections_pour(engagement, utilisateur) -> list[dict]:
    sections = []
    for section in _SECTIONS:
        resultat = section.fonction(engagement, utilisateur)
        if resultat:
            sections.append(resultat)
    return sections


_ACTIONS_CYCLE: list[Callable] = []


def enregistrer_action_cycle(fonction: Callable) -> None:
    if fonction not in _ACTIONS_CYCLE:
        _ACTIONS_CYCLE.append(fonction)


def actions_pour_cycle(cycle, utilisateur) -> list[dict]:
    return [action for fonction in _ACTIONS_CYCLE if (action := fonction(cycle, utilisateur))]
