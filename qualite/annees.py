"""L'année d'une page : celle demandée dans l'adresse (`?annee=2023`), sinon l'année par défaut de la page.

Les bornes valent pour toute l'application : adresses, formulaires, imports, commande du bilan.
Le choix de l'année s'affiche avec le partiel `qualite/_choix_annee.html` (années proposées : `annees`).
"""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from .forms import FormulaireQualite

ANNEE_MIN = 2000
ANNEE_MAX = 2100
ANNEES = range(ANNEE_MIN, ANNEE_MAX + 1)


def date_reference(annee: int, aujourdhui: datetime.date | None = None) -> datetime.date:
    """Le jour dont une page ou le bilan de l'année `annee` montre l'état : le 31/12, ou aujourd'hui pour l'année
    en cours. Les selectors de chaque application lisent leurs chiffres à ce jour (`date_reference=`)."""
    return min(aujourdhui or timezone.localdate(), datetime.date(annee, 12, 31))


def bornes(queryset: QuerySet, champ: str) -> tuple[Any, Any]:
    """Le plus petit et le plus grand `champ` du queryset (None, None s'il est vide), en une requête : deux
    sous-requêtes triées et limitées, chacune une recherche dans l'index. (MIN et MAX dans la même requête font
    parcourir toute la table à SQLite : le temps suivrait le volume.)"""
    premier = queryset.order_by(champ).values(champ)[:1]
    dernier = queryset.order_by(f"-{champ}").values(champ)[:1]
    ligne = (
        queryset.model._default_manager.annotate(premier=Subquery(premier), dernier=Subquery(dernier))
        .order_by()
        .values_list("premier", "dernier")
        .first()
    )
    return ligne if ligne is not None else (None, None)


def annee_valide(annee: int) -> bool:
    return ANNEE_MIN <= annee <= ANNEE_MAX


class ConvertisseurAnnee:
    """`<annee:annee>` dans une adresse : quatre chiffres entre ANNEE_MIN et ANNEE_MAX, sinon la page n'existe pas
    (404) ; une année démesurée n'atteint ni la vue ni la base (`/saisie/99999/` écrivait une mesure de l'an 99999)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        annee = int(value)
        if not annee_valide(annee):
            raise ValueError(f"année hors bornes : {annee}")
        return annee

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class ChampAnnee(forms.IntegerField):
    """Une année entre ANNEE_MIN et ANNEE_MAX (champ numérique borné)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Année")
        kwargs.setdefault("min_value", ANNEE_MIN)
        kwargs.setdefault("max_value", ANNEE_MAX)
        super().__init__(**kwargs)


class AnneeForm(FormulaireQualite):
    """L'année demandée dans l'adresse d'une page (facultative)."""

    annee = ChampAnnee(required=False)


def annee_demandee(request: HttpRequest, par_defaut: int | None | Callable[[], int | None] = None) -> int | None:
    """L'année de `?annee=` si elle est valide ; sinon `par_defaut` (une fonction n'est appelée qu'alors)."""
    form = AnneeForm(request.GET)
    if form.is_valid() and form.cleaned_data["annee"] is not None:
        return form.cleaned_data["annee"]
    return par_defaut() if callable(par_defaut) else par_defaut
