"""Critères de la préparation d'audit : les engagements d'un module qui demandent de l'attention.

`engagements` fournit ses propres critères (non évalués, sans preuve, preuve expirée). Les couches supérieures
ajoutent les leurs dans leur `AppConfig.ready()`, sans que `engagements` les importe :

    from engagements.preparation import enregistrer_critere
    enregistrer_critere(ordre=40, cle="points_sensibles", libelle="Points sensibles ouverts", fonction=...)

`fonction(engagements, aujourdhui)` reçoit le QuerySet des engagements du périmètre et renvoie un
dictionnaire {engagement_id: précision (texte, éventuellement vide)} des engagements concernés.
Une seule requête par critère, quel que soit le nombre d'engagements.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Critere:
    ordre: int
    cle: str
    libelle: str
    fonction: Callable


_CRITERES: dict[str, Critere] = {}


def enregistrer_critere(*, ordre: int, cle: str, libelle: str, fonction: Callable) -> None:
    _CRITERES[cle] = Critere(ordre=ordre, cle=cle, libelle=libelle, fonction=fonction)


def criteres() -> list[Critere]:
    return sorted(_CRITERES.values(), key=lambda critere: critere.ordre)
