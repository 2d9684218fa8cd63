"""Les mois d'un indicateur : série mensuelle (avec N-1), grille de saisie et son suivi, mois manquants, mesures
exportées.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from engagements.models import Engagement
from qualite.formatage import MOIS

from .. import calculs
from ..models import AlerteIndicateur, Indicateur, IndicateurQuerySet, Mesure, MesureQuerySet, Periodicite
from .valeurs import (
    composantes,
    formater,
)


@dataclass
class PointMensuel:
    mois: int
    libelle: str
    valeur: Decimal | None
    valeur_precedente: Decimal | None
    mesure: Mesure | None
    statut: str
    textes: dict = field(default_factory=dict)
    alerte: AlerteIndicateur | None = None

    @property
    def action_proposable(self) -> bool:
        """Un mois hors cible sans action corrective : on propose de la créer en un clic (comme pour le cumul)."""
        return self.statut == calculs.HORS_CIBLE and (self.alerte is None or self.alerte.action_id is None)


def serie_mensuelle(indicateur: Indicateur, annee: int) -> list[PointMensuel]:
    """Les 12 mois de l'année et ceux de l'année précédente (une requête, ou aucune si préchargé)."""
    mesures = getattr(indicateur, "mesures_chargees", None)
    if mesures is None:
        mesures = list(indicateur.mesures.filter(annee__in=[annee, annee - 1], mois__gt=0))
    par_periode = {(m.annee, m.mois): m for m in mesures if m.mois}
    alertes = getattr(indicateur, "alertes_chargees", None)
    if alertes is None:
        alertes = list(indicateur.alertes.filter(annee=annee, mois__gt=0).select_related("action"))
    alertes_du_mois = {a.mois: a for a in alertes if a.annee == annee and a.mois}
    points = []
    for mois in range(1, 13):
        mesure = par_periode.get((annee, mois))
        precedente = par_periode.get((annee - 1, mois))
        valeur = calculs.valeur_periode(indicateur.type_calcul, composantes(mesure)) if mesure else None
        valeur_n1 = calculs.valeur_periode(indicateur.type_calcul, composantes(precedente)) if precedente else None
        point = PointMensuel(
            mois=mois,
            libelle=MOIS[mois - 1],
            valeur=valeur,
            valeur_precedente=valeur_n1,
            mesure=mesure,
            statut=calculs.statut(
                valeur, sens=indicateur.sens, cible=indicateur.cible, seuil_alerte=indicateur.seuil_alerte
            ),
            alerte=alertes_du_mois.get(mois),
        )
        point.textes = {"valeur": formater(indicateur, valeur), "precedente": formater(indicateur, valeur_n1)}
        points.append(point)
    return points


def lignes_saisie_mensuelle(
    annee: int, mois: int, *, indicateurs: IndicateurQuerySet
) -> list[tuple[Indicateur, Mesure | None]]:
    """Les indicateurs mensuels actifs ce mois-là, chacun avec sa mesure existante (deux requêtes)."""
    from datetime import date

    debut = date(annee, mois, 1)
    queryset = (
        indicateurs.mensuels()
        .actifs_le(debut)
        .prefetch_related(
            Prefetch("mesures", queryset=Mesure.objects.filter(annee=annee, mois=mois), to_attr="mesures_du_mois")
        )
    )
    return [(indicateur, next(iter(indicateur.mesures_du_mois), None)) for indicateur in queryset]


def periodes_de_l_annee(indicateur: Indicateur) -> list[tuple[int, int, str]]:
    """(trimestre, mois, libellé) des périodes d'une année selon la périodicité."""
    if indicateur.periodicite == Periodicite.MENSUELLE:
        return [(0, mois, MOIS[mois - 1].capitalize()) for mois in range(1, 13)]
    if indicateur.periodicite == Periodicite.TRIMESTRIELLE:
        return [(trimestre, 0, f"Trimestre {trimestre}") for trimestre in range(1, 5)]
    return [(0, 0, "Année")]


def mesures_annee(indicateur: Indicateur, annee: int) -> dict[tuple[int, int], Mesure]:
    return {(m.trimestre, m.mois): m for m in indicateur.mesures.filter(annee=annee)}


def mesures_pour_export(annee: int | None = None) -> MesureQuerySet:
    queryset = Mesure.objects.select_related("indicateur").order_by("indicateur__code", "annee", "trimestre", "mois")
    if annee:
        queryset = queryset.filter(annee=annee)
    return queryset


def indicateurs_de_l_engagement(engagement: Engagement) -> list[Indicateur]:
    return list(engagement.indicateurs.all())


@dataclass(frozen=True)
class SuiviSaisie:
    """La valeur de la période telle qu'enregistrée, son statut face à la cible et la même période de N-1."""

    valeur_texte: str
    statut: str
    precedente_texte: str


def suivi_saisie(indicateur: Indicateur, mesure: Mesure | None, precedente: Mesure | None) -> SuiviSaisie:
    valeur = calculs.valeur_periode(indicateur.type_calcul, composantes(mesure)) if mesure else None
    valeur_n1 = calculs.valeur_periode(indicateur.type_calcul, composantes(precedente)) if precedente else None
    return SuiviSaisie(
        valeur_texte=formater(indicateur, valeur),
        statut=calculs.statut(
            valeur, sens=indicateur.sens, cible=indicateur.cible, seuil_alerte=indicateur.seuil_alerte
        ),
        precedente_texte=formater(indicateur, valeur_n1),
    )


def mesures_du_mois(indicateurs: Iterable[Indicateur], annee: int, mois: int) -> dict[int, Mesure]:
    """Les mesures d'un mois (celui de N-1 pour la grille), par indicateur : une requête."""
    return {m.indicateur_id: m for m in Mesure.objects.filter(indicateur__in=list(indicateurs), annee=annee, mois=mois)}


def mois_manquants(
    indicateurs: IndicateurQuerySet, annee: int, jusqu_au_mois: int
) -> list[tuple[Indicateur, list[int]]]:
    """Pour chaque indicateur mensuel suivi, les mois de l'année (jusqu'à `jusqu_au_mois`) encore sans mesure.

    Deux requêtes ; un mois où l'indicateur n'était pas suivi (période d'activité) ne manque pas.
    """
    saisis: dict[int, set[int]] = {}
    for indicateur_id, mois in Mesure.objects.filter(
        indicateur__in=indicateurs, annee=annee, mois__gt=0, mois__lte=jusqu_au_mois
    ).values_list("indicateur_id", "mois"):
        saisis.setdefault(indicateur_id, set()).add(mois)
    resultat = []
    for indicateur in indicateurs.mensuels().filter(source_registre=False):
        manquants = [
            mois
            for mois in range(1, jusqu_au_mois + 1)
            if mois not in saisis.get(indicateur.pk, set())
            # Actif le 1er du mois, comme la grille de ce mois (`IndicateurQuerySet.actifs_le`) vers laquelle le
            # mois manquant renvoie.
            and (indicateur.date_debut is None or indicateur.date_debut <= date(annee, mois, 1))
            and (indicateur.date_fin is None or indicateur.date_fin >= date(annee, mois, 1))
        ]
        if manquants:
            resultat.append((indicateur, manquants))
    return resultat
