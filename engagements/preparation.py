"""Critères de la préparation d'audit : les engagements d'un module qui demandent de l'attention.

`engagements` fournit ses propres critères (non évalués, sans preuve, preuve expirée). Les couches supérieures
ajoutent les leurs dans leur `AppConfig.ready()`, sans que `engagements` les importe :

    from engagements.preparation import enregistrer_critere
    enregistrer_critere(ordre=40, cle="points_sensibles", libelle="Points sensibles ouverts", fonction=...)

`fonction(engagements, aujourdhui)` reçoit le QuerySet des engagements du périmètre et renvoie un
dictionnaire {engagement_id: précision (texte, éventuellement vide)} des engagements concernés.
Une seule requête par critère, quel que soit le nombre d'engagements.

Les comptes par module s'enregistrent de même (`enregistrer_compte`) : `fonction(modules, aujourdhui)` renvoie
{module_id: nombre}, et sous la clé None ce qui ne relève d'aucun module (le pilotage) ; une requête par compte.
Ainsi la préparation compte aussi les actions rattachées au module lui-même et les constats de pilotage.
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


_COMPTES: dict[str, Critere] = {}


def enregistrer_compte(*, ordre: int, cle: str, libelle: str, fonction: Callable) -> None:
    _COMPTES[cle] = Critere(ordre=ordre, cle=cle, libelle=libelle, fonction=fonction)


def comptes() -> list[Critere]:
    return sorted(_COMPTES.values(), key=lambda compte: compte.ordre)
