"""Lectures des enquêtes pour la page de résultats, l'affiche A4, le tableau de bord et le bilan.

Le tableau comparatif est celui de la seed : thème | critère | N-1 | N | variation en points
(« +3 pts », « −1 pt », « — » quand le taux n'a pas bougé).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qualite import formatage

from .models import EnqueteMystere, EnqueteSatisfaction, MentionLitterale


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
        return max(comparables, key=lambda ligne: ligne.variation, default=None)

    @property
    def plus_forte_baisse(self) -> LigneSatisfaction | None:
        comparables = [ligne for ligne in self.lignes if ligne.variation is not None and ligne.variation < 0]
        return min(comparables, key=lambda ligne: ligne.variation, default=None)


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
