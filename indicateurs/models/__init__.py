"""Modèles de l'application, rangés par sujet (les enquêtes viendront dans leur propre module)."""

from .mesures import (
    AlerteIndicateur,
    Indicateur,
    IndicateurQuerySet,
    Mesure,
    MesureQuerySet,
    Periodicite,
    Sens,
    TypeCalcul,
)

__all__ = [
    "AlerteIndicateur",
    "Indicateur",
    "IndicateurQuerySet",
    "Mesure",
    "MesureQuerySet",
    "Periodicite",
    "Sens",
    "TypeCalcul",
]
