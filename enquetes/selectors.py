"""Lectures des enquêtes et du registre de l'écoute des usagers, pour les pages, l'affiche A4, le tableau de
bord et le bilan.

Enquêtes : le tableau comparatif est celui de la seed : thème | critère | N-1 | N | variation en points
(« +3 pts », « −1 pt », « — » quand le taux n'a pas bougé).

Registre : une seule définition des chiffres, partagée avec `services.mesures_depuis_registre` :
- taux de réponse = sollicitations reçues dans la période et répondues / sollicitations reçues × 100 ;
- délai moyen = somme des délais (jours calendaires) des réponses / nombre de réponses.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from django.db.models import Count

from indicateurs import calculs
from qualite import formatage

from .models import (
    EnqueteMystere,
    EnqueteSatisfaction,
    MentionLitterale,
    ObjetSollicitation,
    Sollicitation,
    SollicitationQuerySet,
    TypeSollicitation,
)


def texte_taux(taux: Decimal | None) -> str:
    """93 → « 93 % » ; 85,5 → « 85,5 % » ; None → « — »."""
    return formatage.pourcent(taux, 1)


def texte_points(points: Decimal | None) -> str:
    """+3 → « +3 pts » ; −1 → « −1 pt » ; 0 → « — »."""
    if points is None:
        return "—"
    decimales = 0 if points == points.to_integral_value() else 1
    return formatage.variation(points, decimales, "pt" if abs(points) < 2 else "pts")


def texte_taux_reponse(enquete: EnqueteSatisfaction) -> str:
    """86 / 332 = 25,90 % affiché « 26 % », à l'entier comme la seed."""
    taux = enquete.taux_reponse
    return "—" if taux is None else formatage.pourcent(taux.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LigneSatisfaction:
    theme: str
    critere: str
    taux_precedent: Decimal | None
    taux: Decimal | None
    repartition: list[tuple[str, int]] | None = None

    @property
    def variation(self) -> Decimal | None:
        if self.taux is None or self.taux_precedent is None:
            return None
        return self.taux - self.taux_precedent

    @property
    def taux_texte(self) -> str:
        return texte_taux(self.taux)

    @property
    def precedent_texte(self) -> str:
        return texte_taux(self.taux_precedent)

    @property
    def variation_texte(self) -> str:
        return texte_points(self.variation)


@dataclass(frozen=True)
class GroupeTheme:
    theme: str
    lignes: list[LigneSatisfaction]

    @property
    def nb(self) -> int:
        return len(self.lignes)

    @property
    def critere_unique(self) -> bool:
        """« Accueil téléphonique » : un thème dont le seul critère porte son nom."""
        return self.nb == 1 and self.lignes[0].critere == self.theme


def enquete_satisfaction(annee: int) -> EnqueteSatisfaction | None:
    """L'enquête de l'année avec ses résultats et ses mentions (trois requêtes), ou None."""
    return EnqueteSatisfaction.objects.avec_resultats().filter(annee=annee).first()


def _enquetes_et_lignes(annee: int) -> tuple[dict[int, EnqueteSatisfaction], list[LigneSatisfaction]]:
    """Les enquêtes N et N-1 et les lignes du tableau comparatif (deux requêtes)."""
    enquetes = {
        enquete.annee: enquete
        for enquete in EnqueteSatisfaction.objects.filter(annee__in=[annee, annee - 1]).prefetch_related("resultats")
    }
    courants = list(enquetes[annee].resultats.all()) if annee in enquetes else []
    precedents = list(enquetes[annee - 1].resultats.all()) if annee - 1 in enquetes else []
    taux_precedents = {(r.theme, r.critere): r.taux for r in precedents}
    lignes = [
        LigneSatisfaction(r.theme, r.critere, taux_precedents.get((r.theme, r.critere)), r.taux, r.repartition)
        for r in courants
    ]
    vus = {(r.theme, r.critere) for r in courants}
    lignes += [
        LigneSatisfaction(r.theme, r.critere, r.taux, None) for r in precedents if (r.theme, r.critere) not in vus
    ]
    return enquetes, lignes


def tableau_satisfaction(annee: int) -> list[LigneSatisfaction]:
    """Lignes thème / critère / taux N-1 / taux N / variation, dans l'ordre de l'enquête N (deux requêtes).

    Un critère mesuré en N-1 mais plus en N vient à la fin, sans taux N.
    """
    return _enquetes_et_lignes(annee)[1]


@dataclass(frozen=True)
class SyntheseSatisfaction:
    """Les chiffres clés d'une enquête, pour le tableau de bord et le bilan."""

    enquete: EnqueteSatisfaction
    lignes: list[LigneSatisfaction]

    @property
    def taux_reponse_texte(self) -> str:
        return texte_taux_reponse(self.enquete)

    @property
    def meilleure_progression(self) -> LigneSatisfaction | None:
        comparables = [ligne for ligne in self.lignes if ligne.variation is not None and ligne.variation > 0]
        return max(comparables, key=attrgetter("variation"), default=None)

    @property
    def plus_forte_baisse(self) -> LigneSatisfaction | None:
        comparables = [ligne for ligne in self.lignes if ligne.variation is not None and ligne.variation < 0]
        return min(comparables, key=attrgetter("variation"), default=None)


def synthese_satisfaction(annee: int) -> SyntheseSatisfaction | None:
    """L'enquête de l'année et son tableau comparatif (deux requêtes), ou None."""
    enquetes, lignes = _enquetes_et_lignes(annee)
    return SyntheseSatisfaction(enquetes[annee], lignes) if annee in enquetes else None


def par_theme(lignes: list[LigneSatisfaction]) -> list[GroupeTheme]:
    """Regroupe les lignes par thème, dans l'ordre de première apparition."""
    groupes: dict[str, list[LigneSatisfaction]] = {}
    for ligne in lignes:
        groupes.setdefault(ligne.theme, []).append(ligne)
    return [GroupeTheme(theme, lignes_theme) for theme, lignes_theme in groupes.items()]


def mentions_litterales(annee: int) -> list[MentionLitterale]:
    return list(MentionLitterale.objects.filter(enquete__annee=annee).order_by("ordre", "pk"))


def enquetes_mysteres(annee: int | None = None) -> list[EnqueteMystere]:
    queryset = EnqueteMystere.objects.select_related("indicateur")
    return list(queryset.filter(annee=annee) if annee else queryset)


def annees_enquetes() -> list[int]:
    """Les années qui ont une enquête de satisfaction ou mystère, de la plus récente à la plus ancienne."""
    annees = set(EnqueteSatisfaction.objects.values_list("annee", flat=True))
    annees |= set(EnqueteMystere.objects.values_list("annee", flat=True))
    return sorted(annees, reverse=True)


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


def termes_registre(annee: int, mois: int | None = None, *, types: tuple[str, ...] = TYPES_REPONSE) -> TermesRegistre:
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
    annee: int, jusqu_au_mois: int | None = None, *, types: tuple[str, ...] = (TypeSollicitation.RECLAMATION,)
) -> list[tuple[str, int]]:
    """(libellé de l'objet, nombre) des réclamations reçues dans l'année (ou jusqu'au mois).

    Seuls les objets présents figurent, dans l'ordre des choix."""
    queryset = Sollicitation.objects.recues_en(annee).filter(type__in=types)
    if jusqu_au_mois:
        queryset = queryset.filter(recue_le__month__lte=jusqu_au_mois)
    comptes = dict(queryset.values_list("objet").annotate(nombre=Count("pk")).order_by())
    return [(libelle, comptes[valeur]) for valeur, libelle in ObjetSollicitation.choices if comptes.get(valeur)]


def sollicitations(
    queryset: SollicitationQuerySet, *, annee: int | None = None, mois: int | None = None, type: str = ""
) -> SollicitationQuerySet:
    """La liste du registre, filtrée, avec le service (sans N+1)."""
    if annee:
        queryset = queryset.recues_en(annee, mois)
    if type:
        queryset = queryset.filter(type=type)
    return queryset.select_related("service")


def annees_registre() -> list[int]:
    return [d.year for d in Sollicitation.objects.dates("recue_le", "year", order="DESC")]
