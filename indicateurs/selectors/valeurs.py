"""Valeurs des indicateurs : une période, les trois années comparées, la ligne du tableau des indicateurs.

Un chiffre a une seule définition : ici et dans `calculs`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import ExpressionWrapper, IntegerField, Prefetch, Q, Subquery

from qualite import formatage
from qualite.annees import bornes
from qualite.formatage import MOIS

from .. import calculs
from ..models import AlerteIndicateur, Indicateur, IndicateurQuerySet, Mesure, TypeCalcul

MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def dernier_mois_couvert(mesure: Mesure) -> int:
    """Le dernier mois de la période d'une mesure : 10 pour 2023-10, 6 pour 2023-T2, 12 pour 2023."""
    if mesure.mois:
        return mesure.mois
    if mesure.trimestre:
        return mesure.trimestre * 3
    return 12


def composantes(mesure: Mesure) -> calculs.Composantes:
    return calculs.Composantes(numerateur=mesure.numerateur, denominateur=mesure.denominateur, valeur=mesure.valeur)


def formater(indicateur: Indicateur, valeur: Decimal | None) -> str:
    """Un chiffre de l'indicateur à la française : 8,23 % ; 3,73 jours ; 4 695."""
    if indicateur.type_calcul == TypeCalcul.RATIO or (
        indicateur.type_calcul == TypeCalcul.VALEUR and indicateur.unite == "%"
    ):
        return formatage.pourcent(valeur)
    if indicateur.type_calcul == TypeCalcul.DELAI_MOYEN:
        return formatage.jours(valeur)
    if indicateur.type_calcul == TypeCalcul.NOMBRE:
        return formatage.nombre(valeur)
    return formatage.nombre(valeur, 2)


def formater_variation(indicateur: Indicateur, variation: Decimal | None) -> str:
    """+19,8 % pour un nombre ; −0,98 pt pour un taux ; −1,30 jour pour un délai."""
    if indicateur.type_calcul == TypeCalcul.NOMBRE:
        return formatage.variation(variation, 1, "%")
    if indicateur.type_calcul == TypeCalcul.DELAI_MOYEN:
        return formatage.variation(variation, 2, "jour" if variation is not None and abs(variation) < 2 else "jours")
    return formatage.variation(variation, 2, "pt" if variation is not None and abs(variation) < 2 else "pts")


@dataclass(frozen=True)
class ValeurPeriode:
    valeur: Decimal | None
    provisoire: bool
    jusqu_au_mois: int | None
    nb_mesures: int


def valeur_periode(
    indicateur: Indicateur,
    annee: int,
    *,
    jusqu_au_mois: int | None = None,
    mesures: Iterable[Mesure] | None = None,
) -> ValeurPeriode:
    """Valeur d'une année (ou de ses mois 1..`jusqu_au_mois`), calculée depuis les composantes.

    `mesures` : les mesures déjà chargées de l'indicateur (toutes années confondues) ; sinon une requête.
    Sans `jusqu_au_mois`, l'année s'arrête au dernier mois mesuré ; elle est provisoire si ce mois
    précède décembre ou si une mesure est provisoire.
    """
    if mesures is None:
        mesures = indicateur.mesures.filter(annee=annee)
    de_l_annee = [m for m in mesures if m.annee == annee]
    if not de_l_annee:
        return ValeurPeriode(None, False, jusqu_au_mois, 0)
    dernier = max(dernier_mois_couvert(m) for m in de_l_annee)
    borne = jusqu_au_mois or dernier
    retenues = [m for m in de_l_annee if dernier_mois_couvert(m) <= borne]
    provisoire = any(m.provisoire for m in retenues) or (jusqu_au_mois is None and dernier < 12)
    valeur = calculs.agreger(indicateur.type_calcul, [composantes(m) for m in retenues])
    return ValeurPeriode(valeur, provisoire, borne, len(retenues))


ANNEES_COMPAREES = 3  # N-2, N-1 et N côte à côte
ANNEES_CHARGEES = ANNEES_COMPAREES + 1  # et N-3, pour l'évolution de N-2


@dataclass(frozen=True)
class ValeurAnnuelle:
    """La valeur d'une année (jusqu'au dernier mois mesuré) et son évolution sur la même période de l'année
    d'avant : 2021 → 4 695 ; 2022 → 5 625 (+19,8 %) ; 2023 → 5 642 au 31/10/2023 (provisoire)."""

    annee: int
    valeur: Decimal | None
    provisoire: bool
    jusqu_au_mois: int | None
    variation: Decimal | None
    valeur_texte: str
    variation_texte: str

    @property
    def periode_texte(self) -> str:
        """« 2022 », ou « 2023 (au 31/10/2023) » pour une année mesurée en partie."""
        if self.valeur is not None and self.jusqu_au_mois and self.jusqu_au_mois < 12:
            dernier_jour = date(self.annee, self.jusqu_au_mois + 1, 1) - timedelta(days=1)
            return f"{self.annee} (au {dernier_jour:%d/%m/%Y})"
        return str(self.annee)


def valeurs_annuelles(
    indicateur: Indicateur, annee: int, *, mesures: Iterable[Mesure] | None = None
) -> list[ValeurAnnuelle]:
    """Les valeurs de N-2, N-1 et N et leurs évolutions (une requête, ou aucune si les mesures sont chargées)."""
    if mesures is None:
        mesures = list(indicateur.mesures.filter(annee__gt=annee - ANNEES_CHARGEES, annee__lte=annee))
    mesures = list(mesures)
    resultat = []
    for rang in range(ANNEES_COMPAREES - 1, -1, -1):
        courante = valeur_periode(indicateur, annee - rang, mesures=mesures)
        precedente = valeur_periode(indicateur, annee - rang - 1, jusqu_au_mois=courante.jusqu_au_mois, mesures=mesures)
        evolution = calculs.variation(courante.valeur, precedente.valeur, indicateur.type_calcul)
        resultat.append(
            ValeurAnnuelle(
                annee=annee - rang,
                valeur=courante.valeur,
                provisoire=courante.provisoire,
                jusqu_au_mois=courante.jusqu_au_mois,
                variation=evolution,
                valeur_texte=formater(indicateur, courante.valeur),
                variation_texte=formater_variation(indicateur, evolution),
            )
        )
    return resultat


@dataclass
class LigneIndicateur:
    """Une ligne du tableau des indicateurs : l'année, la même période N-1, la cible et le statut."""

    indicateur: Indicateur
    annee: int
    valeur: Decimal | None
    provisoire: bool
    jusqu_au_mois: int | None
    valeur_precedente: Decimal | None
    precedente_provisoire: bool
    ecart: Decimal | None
    statut: str
    variation: Decimal | None
    alerte: AlerteIndicateur | None = None
    annuelles: list[ValeurAnnuelle] = field(default_factory=list)

    @property
    def cible(self) -> Decimal | None:
        return self.indicateur.cible

    @property
    def sens(self) -> str:
        return self.indicateur.sens

    @property
    def libelle_statut(self) -> str:
        return calculs.LIBELLES_STATUT[self.statut]

    @property
    def valeur_texte(self) -> str:
        return formater(self.indicateur, self.valeur)

    @property
    def precedente_texte(self) -> str:
        return formater(self.indicateur, self.valeur_precedente)

    @property
    def cible_texte(self) -> str:
        if self.indicateur.cible is None or not self.indicateur.sens:
            return "—"
        signe = "≤" if self.indicateur.sens == "max" else "≥"
        return f"{signe} {formater(self.indicateur, self.indicateur.cible)}"

    @property
    def ecart_texte(self) -> str:
        return formater_variation(self.indicateur, self.ecart)

    @property
    def variation_texte(self) -> str:
        return formater_variation(self.indicateur, self.variation)

    @property
    def periode_texte(self) -> str:
        """« 2023 » ou « 2023 (janvier à octobre) »."""
        if self.jusqu_au_mois and self.jusqu_au_mois < 12:
            return f"{self.annee} (janvier à {MOIS[self.jusqu_au_mois - 1]})"
        return str(self.annee)

    @property
    def action_proposable(self) -> bool:
        """Hors cible et pas encore traitée : on propose de créer une action corrective."""
        return self.statut == calculs.HORS_CIBLE and (self.alerte is None or self.alerte.action_id is None)


def _indicateurs_avec_mesures(
    annees: Iterable[int] | None, queryset: IndicateurQuerySet | None = None
) -> IndicateurQuerySet:
    """Les indicateurs, leurs mesures et alertes des `annees` ; None : les dernières années mesurées (N-3 à N),
    trouvées par une sous-requête dans la même requête que les mesures."""
    if annees is None:
        derniere = Subquery(Mesure.objects.order_by("-annee").values("annee")[:1])
        filtre = Q(annee__gte=ExpressionWrapper(derniere - (ANNEES_CHARGEES - 1), output_field=IntegerField()))
    else:
        filtre = Q(annee__in=list(annees))
    queryset = queryset if queryset is not None else Indicateur.objects.all()
    return queryset.select_related("service_recueil").prefetch_related(
        # « saisi le » n'est lu que par l'historique : sa conversion (date et heure) coûte sur 60 × 24 mesures.
        Prefetch("mesures", queryset=Mesure.objects.filter(filtre), to_attr="mesures_chargees"),
        Prefetch(
            "alertes",
            queryset=AlerteIndicateur.objects.filter(filtre).select_related("action"),
            to_attr="alertes_chargees",
        ),
    )


def ligne_indicateur(indicateur: Indicateur, annee: int, *, jusqu_au_mois: int | None = None) -> LigneIndicateur:
    """La ligne d'un indicateur préchargé par `_indicateurs_avec_mesures` (ou chargé à la demande)."""
    mesures = getattr(indicateur, "mesures_chargees", None)
    if mesures is None:
        mesures = list(indicateur.mesures.filter(annee__gt=annee - ANNEES_CHARGEES, annee__lte=annee))
    alertes = getattr(indicateur, "alertes_chargees", None)
    if alertes is None:
        alertes = list(indicateur.alertes.filter(annee=annee).select_related("action"))
    courante = valeur_periode(indicateur, annee, jusqu_au_mois=jusqu_au_mois, mesures=mesures)
    # « Même période » : une année en cours (jusqu'au mois M) se compare aux mois 1..M de l'année précédente.
    precedente = valeur_periode(indicateur, annee - 1, jusqu_au_mois=courante.jusqu_au_mois, mesures=mesures)
    return LigneIndicateur(
        indicateur=indicateur,
        annee=annee,
        valeur=courante.valeur,
        provisoire=courante.provisoire,
        jusqu_au_mois=courante.jusqu_au_mois,
        valeur_precedente=precedente.valeur,
        precedente_provisoire=precedente.provisoire,
        ecart=calculs.ecart(courante.valeur, indicateur.cible),
        statut=calculs.statut(
            courante.valeur, sens=indicateur.sens, cible=indicateur.cible, seuil_alerte=indicateur.seuil_alerte
        ),
        variation=calculs.variation(courante.valeur, precedente.valeur, indicateur.type_calcul),
        alerte=next((a for a in alertes if a.annee == annee and not a.mois), None),
        annuelles=valeurs_annuelles(indicateur, annee, mesures=mesures),
    )


def tableau_indicateurs(annee: int, jusqu_au_mois: int | None = None) -> list[LigneIndicateur]:
    """Chaque indicateur : valeur de l'année, même période N-1, provisoire, cible, écart, statut, variation.

    Trois requêtes quel que soit le nombre d'indicateurs et de mesures.
    """
    return [
        ligne_indicateur(indicateur, annee, jusqu_au_mois=jusqu_au_mois)
        for indicateur in _indicateurs_avec_mesures(_annees_chargees(annee))
    ]


def _annees_chargees(annee: int) -> list[int]:
    return list(range(annee - ANNEES_CHARGEES + 1, annee + 1))


def tableau_de_la_derniere_annee(aujourdhui: date) -> tuple[int, list[LigneIndicateur]]:
    """`annee_par_defaut(aujourdhui)` et le `tableau_indicateurs` de cette année-là, dans les trois requêtes
    du tableau : l'année se lit dans les mesures chargées (celles des deux dernières années mesurées)."""
    indicateurs = list(_indicateurs_avec_mesures(None))
    annee = annee_par_defaut(aujourdhui, annees=[m.annee for i in indicateurs for m in i.mesures_chargees])
    return annee, [ligne_indicateur(indicateur, annee) for indicateur in indicateurs]


def indicateur_detail(code: str, annee: int) -> LigneIndicateur:
    """La ligne d'un indicateur (lève Indicateur.DoesNotExist)."""
    indicateur = _indicateurs_avec_mesures(_annees_chargees(annee)).prefetch_related("engagements").get(code=code)
    return ligne_indicateur(indicateur, annee)


def annees_disponibles() -> list[int]:
    """Les années de la dernière mesurée à la première, la plus récente d'abord : deux recherches dans l'index
    (`qualite.annees.bornes`) plutôt que les années distinctes de toutes les mesures."""
    premiere, derniere = bornes(Mesure.objects.all(), "annee")
    return [] if premiere is None else list(range(derniere, premiere - 1, -1))


def annee_par_defaut(aujourdhui: date, annees: Iterable[int] | None = None) -> int:
    """La dernière année mesurée (ou l'année en cours s'il n'y a encore aucune mesure).

    `annees` : les années mesurées quand l'appelant les a déjà lues (sinon une requête)."""
    annees = annees_disponibles() if annees is None else annees
    return max(annees, default=aujourdhui.year)


def serie_annuelle(indicateur: Indicateur) -> list[tuple[int, ValeurPeriode]]:
    """La valeur de chaque année mesurée (une requête), pour les indicateurs trimestriels ou annuels."""
    mesures = list(indicateur.mesures.all())
    annees = sorted({m.annee for m in mesures})
    return [(annee, valeur_periode(indicateur, annee, mesures=mesures)) for annee in annees]
