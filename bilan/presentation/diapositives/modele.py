"""Une diapositive décrite une fois (titre, chiffres clés, paragraphes, puces, tableau, graphique, notes de
l'orateur), puis rendue en PPTX (`powerpoint.py`) ou en PDF 16:9 (`pdf.py`) ; et ce qui découpe un contenu en
diapositives.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from audits.echanges import TITRES
from qualite import graphiques

# Les intitulés des natures de constat au pluriel, ceux du tableau de l'auditeur.
NATURES = TITRES


CONSTATS_PAR_DIAPOSITIVE = 6
ACTIONS_PAR_DIAPOSITIVE = 5


CARACTERES_PAR_DIAPOSITIVE = 900


@dataclass
class Tableau:
    titre: str
    entetes: list[str]
    lignes: list[list[str]]
    # Largeurs relatives des colonnes (la somme importe peu) ; vide : colonnes égales.
    largeurs: list[float] = field(default_factory=list)


@dataclass
class Diapositive:
    cle: str
    titre: str
    sous_titre: str = ""
    chiffres: list[tuple[str, str]] = field(default_factory=list)
    paragraphes: list[str] = field(default_factory=list)
    puces: list[str] = field(default_factory=list)
    tableau: Tableau | None = None
    graphique: graphiques.Graphique | None = None
    notes: str = ""
    couverture: bool = False


@dataclass
class Presentation:
    annee: int
    edition: str
    titre: str
    sous_titre: str
    bloc_marque: tuple[str, ...]
    auteur: str
    diapositives: list[Diapositive]


def _date(jour: datetime.date | None) -> str:
    return jour.strftime("%d/%m/%Y") if jour else "—"


def _paragraphes(texte: str) -> list[str]:
    return [morceau.strip().replace("\n", " ") for morceau in texte.split("\n\n") if morceau.strip()]


def _par_paquets(elements: Sequence, *, taille: int, caracteres: int, longueur: Callable[[Any], int]) -> list[list]:
    """Découpe en paquets d'au plus `taille` éléments et d'environ `caracteres` caractères (une diapositive)."""
    paquets: list[list] = []
    courant: list = []
    total = 0
    for element in elements:
        if courant and (len(courant) >= taille or total + longueur(element) > caracteres):
            paquets.append(courant)
            courant, total = [], 0
        courant.append(element)
        total += longueur(element)
    if courant:
        paquets.append(courant)
    return paquets


def _suite(numero: int, total: int) -> str:
    return f" ({numero}/{total})" if total > 1 else ""
