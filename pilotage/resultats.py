"""La page publique des résultats : tendance de chaque indicateur publié sur les derniers trimestres et dernière
enquête de satisfaction. Les valeurs viennent de `selectors.resultat_trimestre` (une seule définition du chiffre)."""

from dataclasses import dataclass
from decimal import Decimal

from enquetes import selectors as enquetes_selectors
from enquetes.models import EnqueteSatisfaction

from .selectors import Publication, ResultatPublie, resultat_trimestre

NOMBRE_TRIMESTRES = 4


@dataclass(frozen=True)
class PointTendance:
    libelle: str  # « T4 2022 »
    resultat: ResultatPublie


@dataclass(frozen=True)
class Tendance:
    points: list[PointTendance]
    sens_texte: str  # « en amélioration », « en recul », « stable » ou ""

    @property
    def resultat(self) -> ResultatPublie:
        return self.points[-1].resultat


def trimestres_precedents(annee: int, trimestre: int, nombre: int = NOMBRE_TRIMESTRES) -> list[tuple[int, int]]:
    """Les `nombre` trimestres jusqu'à (annee, trimestre) compris, du plus ancien au plus récent."""
    rang = annee * 4 + trimestre - 1
    return [((r // 4), r % 4 + 1) for r in range(rang - nombre + 1, rang + 1)]


def _sens(premiere: Decimal | None, derniere: Decimal | None, sens: str) -> str:
    if premiere is None or derniere is None or not sens:
        return ""
    if derniere == premiere:
        return "stable"
    mieux = derniere < premiere if sens == "max" else derniere > premiere
    return "en amélioration" if mieux else "en recul"


def tendances(publiee: Publication) -> list[Tendance]:
    """Pour chaque indicateur publié, sa valeur des quatre derniers trimestres (sans requête : les mesures sont
    chargées avec la publication) et le sens de son évolution au regard de sa cible."""
    publication = publiee.publication
    trimestres = trimestres_precedents(publication.annee, publication.trimestre)
    resultat = []
    for indicateur in publication.indicateurs.all():
        mesures = list(indicateur.mesures.all())
        points = [
            PointTendance(
                f"T{trimestre} {annee}",
                resultat_trimestre(indicateur, annee, trimestre, [m for m in mesures if m.annee == annee]),
            )
            for annee, trimestre in trimestres
        ]
        valeurs = [point.resultat.valeur for point in points if point.resultat.valeur is not None]
        sens = _sens(valeurs[0], valeurs[-1], indicateur.sens) if len(valeurs) > 1 else ""
        resultat.append(Tendance(points=points, sens_texte=sens))
    return resultat


def derniere_enquete() -> enquetes_selectors.SyntheseSatisfaction | None:
    """La dernière enquête de satisfaction et son tableau comparé à l'année d'avant."""
    annee = EnqueteSatisfaction.objects.order_by("-annee").values_list("annee", flat=True).first()
    return enquetes_selectors.synthese_satisfaction(annee) if annee is not None else None
