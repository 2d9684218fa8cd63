"""Les chiffres du plan qu'affichent le tableau de bord et le bilan : comptes par statut, module et service à une
date de référence, gardés à la clôture d'une année."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    Count,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from engagements.models import Engagement
from organisation.models import Service
from qualite.annees import bornes

from ..models import STATUTS_OUVERTS, Action, ClotureAnnee, Statut

if TYPE_CHECKING:
    pass

from .etats import _date, actions_a_date, cloture_pk, etats_a_date, fin_d_annee, passee
from .listes import _conditions, annees_entre


def comptes_par_module(date_reference: date | None = None) -> dict[int, tuple[int, int]]:
    """{module_id: (actions liées, dont ouvertes)} à la date de référence, en une requête agrégée en base : les
    nombres des listes filtrées `module` et `module` + `statut=ouvertes` (lien direct ou par un engagement, chaque
    action une fois : UNION des couples action-module). Les modules sans action n'y figurent pas."""
    return _comptes_par_module(actions_a_date(date_reference))


def _comptes_par_module(etats: QuerySet) -> dict[int, tuple[int, int]]:
    directs = Action.modules.through.objects.values_list("action_id", "module_id")
    par_engagement = Action.engagements.through.objects.values_list("action_id", "engagement__module_id")
    liens_sql, liens_params = directs.union(par_engagement).query.sql_with_params()
    etats_sql, etats_params = etats.order_by().values("pk", "statut_a").query.sql_with_params()
    ouverts = ", ".join(["%s"] * len(STATUTS_OUVERTS))
    with connection.cursor() as curseur:
        curseur.execute(
            f"""SELECT liens.module_id, COUNT(*), SUM(CASE WHEN etats.statut_a IN ({ouverts}) THEN 1 ELSE 0 END)
            FROM ({liens_sql}) AS liens
            INNER JOIN ({etats_sql}) AS etats ON etats.pk = liens.action_id
            WHERE liens.module_id IS NOT NULL
            GROUP BY liens.module_id""",
            [*STATUTS_OUVERTS, *liens_params, *etats_params],
        )
        return {module: (total, ouvertes) for module, total, ouvertes in curseur.fetchall()}


def listes_du_plan(realisees_en: int) -> dict[str, dict[str, str | int]]:
    """Les listes filtrées que compte le tableau de bord (une par statut, ouvertes, en retard, réalisées dans
    l'année) : les filtres de `actions_filtrees`, sans relation (ils se comptent ligne à ligne)."""
    listes: dict[str, dict[str, str | int]] = {statut.value: {"statut": statut.value} for statut in Statut}
    return listes | {
        "ouvertes": {"statut": "ouvertes"},
        "en_retard": {"en_retard": "1"},
        "realisees": {"realisee_en": realisees_en},
    }


@dataclass(frozen=True)
class ChiffresPlan:
    """Les chiffres du plan à une date de référence, ceux du tableau de bord : `comptes` des listes de
    `listes_du_plan`, les bornes des créations, {module_id: (liées, ouvertes)} et les lignes par service
    (`actions_par_service`). Sérialisables : une année close les garde (`ClotureAnnee.chiffres`)."""

    comptes: dict[str, int]
    premiere_creation: date | None
    derniere_creation: date | None
    par_module: dict[int, tuple[int, int]]
    par_service: list[dict]
    # Le jour où l'année a été close (ses chiffres sont alors ceux gardés ce jour-là) ; None : calculés.
    close_le: date | None = field(default=None, compare=False)

    def en_json(self) -> dict:
        return {
            "comptes": self.comptes,
            "premiere_creation": self.premiere_creation.isoformat() if self.premiere_creation else None,
            "derniere_creation": self.derniere_creation.isoformat() if self.derniere_creation else None,
            "par_module": [[module, total, ouvertes] for module, (total, ouvertes) in self.par_module.items()],
            "par_service": self.par_service,
        }

    @classmethod
    def depuis_json(cls, donnees: dict, *, close_le: date | None = None) -> "ChiffresPlan":
        return cls(
            close_le=close_le,
            comptes=donnees["comptes"],
            premiere_creation=_date(donnees["premiere_creation"]),
            derniere_creation=_date(donnees["derniere_creation"]),
            par_module={module: (total, ouvertes) for module, total, ouvertes in donnees["par_module"]},
            par_service=donnees["par_service"],
        )


def chiffres_du_plan(date_reference: date | None = None, *, realisees_en: int | None = None) -> ChiffresPlan:
    """Les chiffres du tableau de bord au soir de `date_reference` (aujourd'hui si None). Le 31/12 d'une année
    close : ceux gardés à la clôture (une requête, quel que soit le volume) ; sinon calculés en base (trois
    requêtes agrégées : comptes par service, dont les totaux, puis modules)."""
    jour = passee(date_reference)
    realisees_en = realisees_en or (jour or timezone.localdate()).year
    if jour is not None and fin_d_annee(jour) and realisees_en == jour.year:
        cloture = ClotureAnnee.objects.filter(annee=jour.year).values_list("pk", "chiffres", "cloturee_le").first()
        if cloture is not None:
            pk, chiffres, cloturee_le = cloture
            if chiffres:
                return ChiffresPlan.depuis_json(chiffres, close_le=timezone.localdate(cloturee_le))
            return calculer_chiffres(jour, cloture=pk, realisees_en=realisees_en)
        return calculer_chiffres(jour, cloture=None, realisees_en=realisees_en)
    return calculer_chiffres(jour, cloture=cloture_pk(jour), realisees_en=realisees_en)


def calculer_chiffres(jour: date | None, *, cloture: int | None, realisees_en: int) -> ChiffresPlan:
    """Les chiffres du plan calculés en base : une requête groupée par service pilote (chaque liste comptée par
    agrégation conditionnelle ; les totaux sont la somme des groupes), puis les modules (`comptes_par_module`)."""
    etats = etats_a_date(jour, cloture=cloture)
    aujourdhui = jour or timezone.localdate()
    listes = listes_du_plan(realisees_en)
    comptes = {nom: Count("pk", filter=_conditions(filtres, aujourdhui)) for nom, filtres in listes.items()}
    # Groupées par la seule clé du service (l'index `action_comptes` couvre la lecture, sans jointure) ; son nom
    # est lu une fois par groupe.
    nom = Service.objects.filter(pk=OuterRef("service_pilote_id")).order_by().values("nom")[:1]
    lignes = sorted(
        etats.order_by()
        .values("service_pilote_id")
        .annotate(nombre=Count("pk"), **comptes, **AGREGATS_ANNEES)
        .annotate(service_pilote__nom=Subquery(nom)),
        key=lambda ligne: (ligne["service_pilote__nom"] or "", ligne["service_pilote_id"] or 0),
    )
    totaux = {nom: sum(ligne[nom] for ligne in lignes) for nom in listes}
    premieres = [ligne["premiere_creation"] for ligne in lignes if ligne["premiere_creation"]]
    dernieres = [ligne["derniere_creation"] for ligne in lignes if ligne["derniere_creation"]]
    return ChiffresPlan(
        comptes=totaux,
        premiere_creation=min(premieres, default=None),
        derniere_creation=max(dernieres, default=None),
        par_module=_comptes_par_module(etats),
        par_service=[
            {
                "service_id": ligne["service_pilote_id"],
                "service": ligne["service_pilote__nom"],
                "nombre": ligne["nombre"],
                "ouvertes": ligne["ouvertes"],
                "en_retard": ligne["en_retard"],
            }
            for ligne in lignes
            if ligne["service_pilote_id"] is not None
        ],
    )


def actions_en_retard_par_engagement(
    engagements: Iterable[Engagement | int] | None = None, aujourdhui: date | None = None
) -> dict[int, int]:
    """{engagement_id: nombre d'actions en retard} (pour les critères de préparation d'audit)."""
    actions = Action.objects.en_retard(aujourdhui or timezone.localdate())
    lignes = Engagement.objects.filter(actions__in=actions)
    if engagements is not None:
        lignes = lignes.filter(pk__in=[getattr(e, "pk", e) for e in engagements])
    return dict(lignes.values_list("pk").annotate(n=Count("actions", distinct=True)))


AGREGATS_ANNEES = {"premiere_creation": Min("date_creation"), "derniere_creation": Max("date_creation")}


def annees_de_creation() -> list[int]:
    """Les années de la première à la dernière création d'action (une requête, deux recherches dans l'index)."""
    return annees_entre(*bornes(Action.objects.all(), "date_creation"))
