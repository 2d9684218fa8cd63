"""Calculs purs des indicateurs (sans base de données) : agrégats pondérés, statut, écart, variation.

Règles :
- un taux se cumule en sommant numérateurs et dénominateurs (jamais la moyenne des taux mensuels) ;
- un délai moyen aussi (total des délais / nombre de réponses) ;
- un nombre se somme ; une valeur saisie (enquête) se moyenne ;
- taux et délais s'arrondissent à 2 décimales, les nombres à l'unité (ROUND_HALF_UP).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal(100)
DEUX_DECIMALES = Decimal("0.01")
UNE_DECIMALE = Decimal("0.1")

RATIO = "ratio"
DELAI_MOYEN = "delai_moyen"
NOMBRE = "nombre"
VALEUR = "valeur"

ATTEINT = "atteint"
ALERTE = "alerte"
HORS_CIBLE = "hors_cible"
SANS_CIBLE = "sans_cible"
SANS_DONNEE = "sans_donnee"
LIBELLES_STATUT = {
    ATTEINT: "Atteint",
    ALERTE: "Alerte",
    HORS_CIBLE: "Hors cible",
    SANS_CIBLE: "Sans cible",
    SANS_DONNEE: "Aucune mesure",
}


@dataclass(frozen=True)
class Composantes:
    """Les termes saisis pour une période ; seuls ceux utiles au type de calcul sont renseignés."""

    numerateur: Decimal | None = None
    denominateur: Decimal | None = None
    valeur: Decimal | None = None


def arrondir(valeur: Decimal | None, type_calcul: str) -> Decimal | None:
    if valeur is None:
        return None
    pas = Decimal(1) if type_calcul == NOMBRE else DEUX_DECIMALES
    return valeur.quantize(pas, rounding=ROUND_HALF_UP)


def agreger(type_calcul: str, composantes: Iterable[Composantes]) -> Decimal | None:
    """Valeur d'une suite de périodes (année, cumul) ; None s'il n'y a rien à calculer."""
    composantes = list(composantes)
    if type_calcul in (RATIO, DELAI_MOYEN):
        termes = [c for c in composantes if c.numerateur is not None and c.denominateur is not None]
        numerateur = sum((c.numerateur for c in termes), Decimal(0))
        denominateur = sum((c.denominateur for c in termes), Decimal(0))
        if not termes or denominateur == 0:
            return None
        brut = numerateur / denominateur * (CENT if type_calcul == RATIO else 1)
        return arrondir(brut, type_calcul)
    valeurs = [c.valeur for c in composantes if c.valeur is not None]
    if not valeurs:
        return None
    if type_calcul == NOMBRE:
        return arrondir(sum(valeurs, Decimal(0)), type_calcul)
    return arrondir(sum(valeurs, Decimal(0)) / len(valeurs), type_calcul)


def statut(valeur: Decimal | None, *, sens: str, cible: Decimal | None, seuil_alerte: Decimal | None = None) -> str:
    """« atteint », « alerte » (cible respectée mais seuil d'alerte franchi), « hors cible », « sans cible » (aucune
    cible) ou « aucune mesure » (une cible, mais rien de mesuré pour la période).

    Sens « max » : la valeur doit rester ≤ cible ; l'alerte commence au-delà du seuil (seuil < cible).
    Sens « min » : la valeur doit rester ≥ cible ; l'alerte commence en deçà du seuil (seuil > cible).
    """
    if cible is None or not sens:
        return SANS_CIBLE
    if valeur is None:
        return SANS_DONNEE
    if sens == "max":
        if valeur > cible:
            return HORS_CIBLE
        if seuil_alerte is not None and valeur > seuil_alerte:
            return ALERTE
        return ATTEINT
    if valeur < cible:
        return HORS_CIBLE
    if seuil_alerte is not None and valeur < seuil_alerte:
        return ALERTE
    return ATTEINT


def ecart(valeur: Decimal | None, cible: Decimal | None) -> Decimal | None:
    """Écart signé à la cible (valeur − cible), dans l'unité de l'indicateur."""
    if valeur is None or cible is None:
        return None
    return valeur - cible


def variation(valeur: Decimal | None, precedente: Decimal | None, type_calcul: str) -> Decimal | None:
    """Évolution sur un an : en % pour un nombre (4 695 → 5 625 = +19,8), en points ou jours sinon."""
    if valeur is None or precedente is None:
        return None
    if type_calcul == NOMBRE:
        if precedente == 0:
            return None
        return ((valeur - precedente) / precedente * CENT).quantize(UNE_DECIMALE, rounding=ROUND_HALF_UP)
    return (valeur - precedente).quantize(DEUX_DECIMALES, rounding=ROUND_HALF_UP)


def valeur_periode(type_calcul: str, termes: Composantes) -> Decimal | None:
    """Valeur d'une seule période (un mois) : 12 / 150 → 8,00."""
    return agreger(type_calcul, [termes])
