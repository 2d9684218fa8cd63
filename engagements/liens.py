"""Sections ajoutées à la page d'un engagement par les applications des couches supérieures.

`engagements` n'importe ni les audits, ni le plan d'actions, ni les indicateurs : chacune de ces
applications enregistre, dans son `AppConfig.ready()`, une fonction qui rend sa section :

    from engagements.liens import enregistrer_section
    enregistrer_section(ordre=20, fonction=section_actions)

`fonction(engagement, utilisateur)` renvoie un `dict` (titre, gabarit, contexte) ou None.
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
