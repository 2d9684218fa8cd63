"""Lectures du registre de l'écoute des usagers : taux de réponse, délai moyen, réclamations par objet.

Une seule définition des chiffres, partagée avec `services_ecoute.mesures_depuis_registre` :
- taux de réponse = sollicitations reçues dans la période et répondues / sollicitations reçues × 100 ;
- délai moyen = somme des délais (jours calendaires) des réponses / nombre de réponses.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from qualite import formatage

from . import calculs
from .models import ObjetSollicitation, Sollicitation, TypeSollicitation

# Les sollicitations qui attendent une réponse et entrent dans le taux et le délai.
TYPES_REPONSE = (TypeSollicitation.RECLAMATION, TypeSollicitation.SUGGESTION)


@dataclass(frozen=True)
class TermesRegistre:
    recues: int
    repondues: int
    total_delais: int

    @property
    def taux_reponse(self) -> Decimal | None:
        return calculs.agreger(calculs.RATIO, [calculs.Composantes(Decimal(self.repondues), Decimal(self.recues))])

    @property
    def delai_moyen(self) -> Decimal | None:
        return calculs.agreger(
            calculs.DELAI_MOYEN, [calculs.Composantes(Decimal(self.total_delais), Decimal(self.repondues))]
        )

    @property
    def taux_texte(self) -> str:
        return formatage.pourcent(self.taux_reponse)

    @property
    def delai_texte(self) -> str:
        return formatage.jours(self.delai_moyen)


def termes_registre(annee: int, mois: int | None = None, *, types=TYPES_REPONSE) -> TermesRegistre:
    """Reçues, répondues et total des délais des sollicitations reçues dans le mois (ou l'année) ; une requête."""
    dates = list(
        Sollicitation.objects.recues_en(annee, mois).filter(type__in=types).values_list("recue_le", "repondue_le")
    )
    delais = [(repondue - recue).days for recue, repondue in dates if repondue is not None]
    return TermesRegistre(recues=len(dates), repondues=len(delais), total_delais=sum(delais))


@dataclass(frozen=True)
class ChiffresEcoute:
    annee: int
    par_type: list[tuple[str, int]]
    termes: TermesRegistre
    en_attente: int


def chiffres_ecoute(annee: int) -> ChiffresEcoute:
    """Les chiffres de l'année : nombre par type, taux de réponse, délai moyen, réponses en attente (deux requêtes)."""
    comptes = dict(Sollicitation.objects.recues_en(annee).values_list("type").annotate(nombre=Count("pk")).order_by())
    termes = termes_registre(annee)
    return ChiffresEcoute(
        annee=annee,
        par_type=[(libelle, comptes.get(valeur, 0)) for valeur, libelle in TypeSollicitation.choices],
        termes=termes,
        en_attente=termes.recues - termes.repondues,
    )


def registre_par_objet(
    annee: int, jusqu_au_mois: int | None = None, *, types=(TypeSollicitation.RECLAMATION,)
) -> list[tuple[str, int]]:
    """(libellé de l'objet, nombre) des réclamations reçues dans l'année (ou jusqu'au mois).

    Seuls les objets présents figurent, dans l'ordre des choix."""
    queryset = Sollicitation.objects.recues_en(annee).filter(type__in=types)
    if jusqu_au_mois:
        queryset = queryset.filter(recue_le__month__lte=jusqu_au_mois)
    comptes = dict(queryset.values_list("objet").annotate(nombre=Count("pk")).order_by())
    return [(libelle, comptes[valeur]) for valeur, libelle in ObjetSollicitation.choices if comptes.get(valeur)]


def sollicitations(queryset, *, annee: int | None = None, mois: int | None = None, type: str = ""):
    """La liste du registre, filtrée, avec le service (sans N+1)."""
    if annee:
        queryset = queryset.recues_en(annee, mois)
    if type:
        queryset = queryset.filter(type=type)
    return queryset.select_related("service")


def annees_registre() -> list[int]:
    return [d.year for d in Sollicitation.objects.dates("recue_le", "year", order="DESC")]
