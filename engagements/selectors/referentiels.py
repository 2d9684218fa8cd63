"""Les référentiels, leurs modules et engagements, avec le dernier niveau d'autodiagnostic."""

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from ..models import (
    Autodiagnostic,
    Engagement,
    Module,
    Referentiel,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class DernierNiveau(TypedDict):
    """Les annotations de `engagements_avec_dernier_niveau`."""

    dernier_niveau: str | None
    derniere_date: date | None


def referentiels() -> QuerySet[Referentiel]:
    return Referentiel.objects.annotate(
        nb_modules=Count("modules", distinct=True), nb_engagements=Count("engagements", distinct=True)
    ).order_by("titre", "-version")


def modules_du_referentiel(referentiel: Referentiel) -> list[Module]:
    """Les modules avec leurs engagements ; les engagements sans module sont rendus à part."""
    return list(
        referentiel.modules.prefetch_related(
            "rubriques",
            Prefetch("engagements", queryset=Engagement.objects.select_related("rubrique").order_by("numero")),
        )
    )


def engagements_avec_dernier_niveau(
    engagements: QuerySet[Engagement],
) -> "QuerySet[WithAnnotations[Engagement, DernierNiveau]]":
    """Annoté de `dernier_niveau` et `derniere_date` : la dernière évaluation de chaque engagement."""
    dernier = Autodiagnostic.objects.filter(engagement=OuterRef("pk")).order_by("-date", "-pk")
    return engagements.annotate(
        dernier_niveau=Subquery(dernier.values("niveau")[:1]),
        derniere_date=Subquery(dernier.values("date")[:1]),
    )
