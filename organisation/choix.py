"""Listes de choix de services : rangées par direction, les fonctions (« Directeur », « Cheffe de service »)
distinguées des services, bureaux et pôles.

L'organigramme importé mêle aux services les lignes d'effectif d'une fonction (un directeur, une cheffe de service) ;
elles restent choisissables (une action peut être pilotée par la direction), mais sont nommées comme telles et
rangées après les services de leur direction, ce qui lève aussi les doublons (« Directeur » de deux directions).
"""

import re
from collections.abc import Iterable

from django import forms

from .models import Service

FONCTION = re.compile(
    r"^(directeur|directrice|chef|cheffe|adjoint|adjointe|assistant|assistante|référent|référente|secrétaire|"
    r"secrétariat|personnels?|préfet|préfète|sous-préfet|sous-préfète)\b",
    re.IGNORECASE,
)
SANS_DIRECTION = "Rattachés directement à une entité"


def est_une_fonction(service: Service) -> bool:
    """Vrai pour une ligne de l'organigramme qui nomme une fonction plutôt qu'un service."""
    return service.niveau == Service.Niveau.SERVICE and bool(FONCTION.match(service.nom.strip()))


def _groupe(service: Service) -> str:
    """« Préfecture › Direction du cabinet » pour une direction et ses services ; « Entités » pour une entité."""
    if service.niveau == Service.Niveau.ENTITE:
        return "Entités"
    parent = service.parent
    if parent is None:
        return service.nom
    if service.niveau == Service.Niveau.DIRECTION:
        return f"{parent.nom} › {service.nom}"
    if parent.niveau == Service.Niveau.ENTITE:
        return f"{parent.nom} › {SANS_DIRECTION.lower()}"
    return f"{parent.parent.nom} › {parent.nom}" if parent.parent is not None else parent.nom


def _libelle(service: Service) -> str:
    if service.niveau == Service.Niveau.DIRECTION:
        return f"{service.nom} (toute la direction)"
    if service.niveau == Service.Niveau.ENTITE:
        return f"{service.nom} (toute l'entité)"
    if est_une_fonction(service):
        return f"{service.nom} (fonction)"
    return service.nom


def choix_groupes(services: Iterable[Service], *, valeur=lambda service: service.pk) -> list:
    """Des choix Django groupés (optgroup) : un groupe par direction, dans l'ordre alphabétique ; dans chaque
    groupe la direction elle-même, puis ses services, puis ses fonctions. Les parents doivent être chargés
    (`select_related("parent__parent")`)."""
    groupes: dict[str, list[tuple[tuple, object, str]]] = {}
    for service in services:
        rang = 0 if service.niveau != Service.Niveau.SERVICE else (2 if est_une_fonction(service) else 1)
        groupes.setdefault(_groupe(service), []).append(
            ((rang, service.nom.lower()), valeur(service), _libelle(service))
        )
    return [
        (groupe, [(cle, libelle) for _, cle, libelle in sorted(options, key=lambda option: option[0])])
        for groupe, options in sorted(groupes.items(), key=lambda paire: (paire[0] != "Entités", paire[0].lower()))
    ]


def grouper_services(champ: forms.ModelChoiceField) -> None:
    """Remplace les choix d'un champ de services par les choix groupés par direction (validation inchangée)."""
    services = champ.queryset.select_related("parent__parent")
    vide = [("", champ.empty_label)] if getattr(champ, "empty_label", None) is not None else []
    champ.choices = vide + choix_groupes(services, valeur=champ.prepare_value)
