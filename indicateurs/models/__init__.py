"""Modèles des indicateurs : définitions, mesures et alertes hors cible."""

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
