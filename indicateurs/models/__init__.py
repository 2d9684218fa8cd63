"""Modèles de l'application, rangés par sujet : mesures, enquêtes, écoute des usagers."""

from .ecoute import (
    CanalSollicitation,
    ObjetSollicitation,
    Sollicitation,
    SollicitationQuerySet,
    TypeSollicitation,
)
from .enquetes import Canal, EnqueteMystere, EnqueteSatisfaction, MentionLitterale, ResultatCritere
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
    "Canal",
    "CanalSollicitation",
    "EnqueteMystere",
    "EnqueteSatisfaction",
    "Indicateur",
    "IndicateurQuerySet",
    "MentionLitterale",
    "Mesure",
    "MesureQuerySet",
    "ObjetSollicitation",
    "Periodicite",
    "ResultatCritere",
    "Sens",
    "Sollicitation",
    "SollicitationQuerySet",
    "TypeCalcul",
    "TypeSollicitation",
]
