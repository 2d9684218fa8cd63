"""Lectures du plan d'actions pour les pages, le tableau de bord et le bilan.

Chaque chiffre a une seule définition : le tableau de bord lie un chiffre à
`actions_filtrees(filtres)`, la liste qui montre le même nombre.

Une date de référence (`date_reference`, le 31/12 d'une année passée) lit le plan tel qu'il était ce soir-là :
les actions créées au plus tard ce jour, avec le statut, l'avancement, l'échéance et la date de réalisation de
leur dernière ligne d'historique d'avant (django-simple-history). Une action dont l'historique commence plus
tard que ses propres dates (démonstration, plan importé d'Excel) compte selon ces dates : créée le, réalisée le
(sinon telle que sa première ligne d'historique l'a enregistrée, encore ouverte si elle fut réalisée après).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagements.models import Engagement
from organisation.models import Service, Utilisateur
from qualite.annees import annee_valide, bornes
from qualite.nombres import entier_d_adresse

from .models import STATUTS_OUVERTS, Action, ClotureAnnee, Commentaire, Statut

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class EtatADate(TypedDict):
    """Les annotations de `actions_a_date` : l'état de l'action à sa date de référence."""

    statut_a: Any
    avancement_a: Any
    echeance_a: Any
    realisee_le: Any


TRIS = {
    "reference": "reference",
    "intitule": "intitule",
    "service": "service_pilote__nom",
    "echeance": "echeance_a",
    "statut": "statut_a",
    "avancement": "avancement_a",
}
TRI_DEFAUT = "-reference"


def _entier(valeur: str | int | None) -> int | None:
    """Un identifiant de filtre (`?service=12`) ; None s'il est illisible ou hors bornes (qualite.nombres)."""
    return entier_d_adresse(valeur)


def _annee(valeur: str | int | None) -> int | None:
    annee = entier_d_adresse(valeur)
    return annee if annee is not None and annee_valide(annee) else None


def _date(valeur: str | date | None) -> date | None:
    if isinstance(valeur, date):
        return valeur
    try:
        return date.fromisoformat(str(valeur)) if valeur else None
    except ValueError:
        return None


def passee(date_reference: date | None) -> date | None:
    """La date de référence si elle est passée ; None pour aujourd'hui ou l'avenir (le plan tel qu'il est)."""
    return date_reference if date_reference is not None and date_reference < timezone.localdate() else None


def _fin_du_jour(jour: date) -> datetime:
    return timezone.make_aware(datetime.combine(jour + timedelta(days=1), time.min))


def fin_d_annee(jour: date) -> bool:
    return (jour.month, jour.day) == (12, 31)


def cloture_pk(jour: date | None) -> int | None:
    """La clôture de l'année dont `jour` est le 31/12 (passé), s'il y en a une (une requête indexée) ; sinon None."""
    if jour is None or not fin_d_annee(jour) or passee(jour) is None:
        return None
    return ClotureAnnee.objects.filter(annee=jour.year).values_list("pk", flat=True).first()


def actions_a_date(date_reference: date | None = None) -> "QuerySet[WithAnnotations[Action, EtatADate]]":
    """Les actions annotées de leur état au soir de `date_reference` : `statut_a`, `avancement_a`, `echeance_a`,
    `realisee_le` (les valeurs actuelles pour aujourd'hui). Le 31/12 d'une année close, l'état figé à la clôture
    (`EtatAnnuel`, une jointure) ; un autre jour passé, l'historique. Une requête de plus au plus (la clôture)."""
    jour = passee(date_reference)
    return etats_a_date(jour, cloture=cloture_pk(jour))


def etats_a_date(jour: date | None, *, cloture: int | None) -> "QuerySet[WithAnnotations[Action, EtatADate]]":
    """`actions_a_date`, la clôture de l'année déjà connue (`cloture_pk`)."""
    if jour is None:
        return Action.objects.annotate(
            statut_a=F("statut"),
            avancement_a=F("avancement"),
            echeance_a=F("echeance"),
            realisee_le=F("date_realisation"),
        )
    if cloture is not None:
        # Une seule jointure (filtre puis annotations sur la même relation) : une ligne par action close.
        return Action.objects.filter(etats_annuels__cloture_id=cloture).annotate(
            statut_a=F("etats_annuels__statut"),
            avancement_a=F("etats_annuels__avancement"),
            echeance_a=F("etats_annuels__echeance"),
            realisee_le=F("etats_annuels__date_realisation"),
        )
    return etats_d_apres_l_historique(jour)


def etats_d_apres_l_historique(jour: date) -> "QuerySet[WithAnnotations[Action, EtatADate]]":
    """L'état de chaque action au soir de `jour`, lu dans l'historique (la définition ; la clôture d'une année la
    fige) : une sous-requête indexée prend la dernière ligne d'historique de chaque action avant la date."""
    historique = Action.history.model.objects.filter(id=OuterRef("pk")).exclude(history_type="-")
    avant = historique.filter(history_date__lt=_fin_du_jour(jour)).order_by("-history_date", "-history_id")
    premiere = historique.order_by("history_date", "history_id")

    def ligne(requete: QuerySet, champ: str, type_champ: Any) -> Subquery:
        return Subquery(requete.values(champ)[:1], output_field=type_champ)

    actions = Action.objects.filter(date_creation__lte=jour).annotate(
        h_statut=ligne(avant, "statut", CharField()),
        h_avancement=ligne(avant, "avancement", IntegerField()),
        h_echeance=ligne(avant, "echeance", DateField()),
        h_realisation=ligne(avant, "date_realisation", DateField()),
        p_statut=Coalesce(ligne(premiere, "statut", CharField()), F("statut")),
        p_avancement=Coalesce(
            ligne(premiere, "avancement", IntegerField()), F("avancement"), output_field=IntegerField()
        ),
        p_echeance=ligne(premiere, "echeance", DateField()),
    )
    realisee_a_temps = Q(date_realisation__isnull=False, date_realisation__lte=jour)
    return actions.annotate(
        statut_a=Case(
            When(h_statut__isnull=False, then=F("h_statut")),
            # Historique plus récent que la date : les propres dates de l'action font foi.
            When(realisee_a_temps, then=Value(Statut.REALISEE.value)),
            When(p_statut=Statut.REALISEE, date_realisation__isnull=True, then=Value(Statut.REALISEE.value)),
            When(p_statut=Statut.REALISEE, then=Value(Statut.EN_COURS.value)),
            default=F("p_statut"),
            output_field=CharField(),
        ),
        avancement_a=Case(
            When(h_statut__isnull=False, then=F("h_avancement")),
            When(realisee_a_temps, then=Value(100)),
            default=F("p_avancement"),
            output_field=IntegerField(),
        ),
        echeance_a=Case(
            When(h_statut__isnull=False, then=F("h_echeance")),
            default=Coalesce(F("p_echeance"), F("echeance")),
            output_field=DateField(),
        ),
        realisee_le=Case(
            When(h_statut__isnull=False, then=F("h_realisation")),
            When(realisee_a_temps, then=F("date_realisation")),
            default=Value(None),
            output_field=DateField(),
        ),
    )


def telles_qu_a_date(actions: Iterable[Action]) -> list[Action]:
    """Les actions avec les valeurs de leur date de référence (statut, avancement, échéance, réalisation) à la place
    des valeurs actuelles : ce qu'affichent les listes du bilan d'une année passée."""
    resultat = []
    for action in actions:
        action.statut = action.statut_a  # type: ignore[attr-defined]
        action.avancement = action.avancement_a  # type: ignore[attr-defined]
        action.echeance = action.echeance_a  # type: ignore[attr-defined]
        action.date_realisation = action.realisee_le  # type: ignore[attr-defined]
        resultat.append(action)
    return resultat


def actions_filtrees(
    filtres: Mapping | None = None, *, aujourdhui: date | None = None, date_reference: date | None = None
) -> "QuerySet[WithAnnotations[Action, EtatADate]]":
    """Le queryset de la liste : filtres `statut`, `service`, `module`, `engagement`, `origine`,
    `en_retard` (« 1 »), `annee` (année de création), `q` (texte), `tri` (« echeance », « -statut »…),
    `au` (date AAAA-MM-JJ : le plan tel qu'il était ce jour-là, comme `date_reference`).

    Les valeurs inconnues sont ignorées (jamais d'erreur sur une URL bricolée).
    """
    filtres = filtres or {}
    date_reference = passee(date_reference or _date(filtres.get("au")))
    aujourdhui = date_reference or aujourdhui or timezone.localdate()
    actions = actions_a_date(date_reference).filter(_conditions(filtres, aujourdhui))
    if (module := _entier(filtres.get("module"))) is not None:
        actions = actions.filter(lien_au_module(module)).distinct()
    if (engagement := _entier(filtres.get("engagement"))) is not None:
        actions = actions.filter(engagements__id=engagement)
    tri = filtres.get("tri") or TRI_DEFAUT
    champ = TRIS.get(tri.lstrip("-"))
    ordre = (f"-{champ}" if tri.startswith("-") else champ) if champ else TRI_DEFAUT
    return actions.order_by(ordre, "-pk")


def _conditions(filtres: Mapping, aujourdhui: date) -> Q:
    """Les filtres de la liste qui ne joignent aucune relation, en une condition sur les annotations de
    `actions_a_date` : la liste les applique (`filter`), `compter` les compte (`Count(filter=...)`) dans la même
    requête. Une seule définition de chaque filtre."""
    condition = Q()
    statut = filtres.get("statut")
    if statut == "ouvertes":
        condition &= Q(statut_a__in=STATUTS_OUVERTS)
    elif statut in Statut.values:
        condition &= Q(statut_a=statut)
    if (service := _entier(filtres.get("service"))) is not None:
        condition &= Q(service_pilote_id=service)
    if origine := filtres.get("origine"):
        condition &= Q(origine=origine)
    if str(filtres.get("en_retard", "")) in ("1", "oui", "True", "on"):
        condition &= Q(statut_a__in=STATUTS_OUVERTS, echeance_a__lt=aujourdhui)
    if (annee := _annee(filtres.get("annee"))) is not None:
        condition &= Q(date_creation__year=annee)
    if (realisee_en := _annee(filtres.get("realisee_en"))) is not None:
        condition &= Q(statut_a=Statut.REALISEE, realisee_le__year=realisee_en)
    if texte := (filtres.get("q") or "").strip():
        condition &= Q(intitule__icontains=texte) | Q(reference__icontains=texte)
    return condition


# Ce que lit `_conditions` (et les agrégats du tableau de bord) : la sous-requête de `compter` ne lit que cela.
CHAMPS_DES_CONDITIONS = (
    "pk",
    "statut_a",
    "echeance_a",
    "realisee_le",
    "service_pilote_id",
    "origine",
    "date_creation",
    "intitule",
    "reference",
)


def _avec_relation(filtres: Mapping) -> bool:
    """Le filtre joint-il une relation (module, engagement) ? Il se compte alors par sous-requête."""
    return _entier(filtres.get("module")) is not None or _entier(filtres.get("engagement")) is not None


def lien_au_module(module: int) -> Q:
    """Une action est liée à un module directement ou par l'un de ses engagements (filtre à compléter par
    `.distinct()` : une action liée des deux façons ne compte qu'une fois)."""
    return Q(modules__id=module) | Q(engagements__module_id=module)


def compter(
    listes: Mapping[str, Mapping],
    *,
    aujourdhui: date | None = None,
    date_reference: date | None = None,
    **autres: Aggregate,
) -> dict[str, Any]:
    """Le nombre de lignes de plusieurs listes filtrées, en une requête : {nom: filtres} → {nom: nombre}.

    Chaque nombre est celui de `actions_filtrees(filtres)`, la liste que montre la page liée.
    `autres` : agrégats ajoutés à la même requête (ex. premiere=Min("date_creation")).
    """
    comptes = {}
    for nom, filtres in listes.items():
        if _avec_relation(filtres) or filtres.get("au"):
            condition = Q(
                pk__in=actions_filtrees(filtres, aujourdhui=aujourdhui, date_reference=date_reference)
                .order_by()
                .values("pk")
            )
        else:
            # Agrégation conditionnelle : la condition de la liste, évaluée sur chaque ligne une seule fois.
            jour = passee(date_reference) or aujourdhui or timezone.localdate()
            condition = _conditions(filtres, jour)
        comptes[nom] = Count("pk", filter=condition)
    actions = actions_a_date(date_reference)
    if passee(date_reference) is None:
        return actions.aggregate(**comptes, **autres)
    # Un jour passé : l'état de chaque action se lit dans l'historique (sous-requêtes indexées). `distinct()`
    # (sans effet sur les lignes, une par action) fait agréger Django sur une sous-requête : l'état est lu une
    # fois par action, et non une fois par nombre compté.
    return actions.order_by().values(*CHAMPS_DES_CONDITIONS).distinct().aggregate(**comptes, **autres)


def annees_entre(premiere: date | None, derniere: date | None) -> list[int]:
    """Les années de `premiere` à `derniere`, la plus récente d'abord (aucune si la base est vide)."""
    if premiere is None or derniere is None:
        return []
    return list(range(derniere.year, premiere.year - 1, -1))


def avec_details(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Ajoute ce qu'affiche une ligne de liste, en un nombre fixe de requêtes."""
    return actions.select_related("service_pilote").prefetch_related(
        "responsables", "modules", Prefetch("engagements", queryset=Engagement.objects.select_related("module"))
    )


def comptes_par_statut(actions: "QuerySet[WithAnnotations[Action, EtatADate]]") -> list[dict]:
    """[{statut, libelle, nombre}] dans l'ordre des statuts, zéros compris (une requête) ; `actions` vient de
    `actions_filtrees` (le statut à sa date de référence)."""
    return comptes_et_total(actions)[0]


def comptes_et_total(actions: "QuerySet[WithAnnotations[Action, EtatADate]]") -> tuple[list[dict], int]:
    """`comptes_par_statut` et le nombre de lignes de la liste (leur somme, tous statuts), dans la même requête :
    la pagination n'a pas à recompter. Compte distinct seulement si le filtre joint une relation (`distinct()`)."""
    nombre = Count("pk", distinct=True) if actions.query.distinct else Count("pk")
    nombres = dict(actions.order_by().values_list("statut_a").annotate(n=nombre))
    comptes = [{"statut": s.value, "libelle": s.label, "nombre": nombres.get(s.value, 0)} for s in Statut]
    return comptes, sum(nombres.values())


def actions_par_statut(annee: int | None = None, *, date_reference: date | None = None) -> list[dict]:
    """Nombre d'actions par statut, pour les actions créées en `annee` (toutes si None), à la date de référence."""
    return comptes_par_statut(actions_filtrees({"annee": annee} if annee else {}, date_reference=date_reference))


def actions_en_retard(aujourdhui: date | None = None) -> QuerySet[Action]:
    """Actions ouvertes dont l'échéance est passée le jour `aujourdhui` (= liste filtrée `en_retard=1`) ; un jour
    passé lit le plan tel qu'il était alors."""
    return avec_details(
        actions_filtrees({"en_retard": "1", "tri": "echeance"}, aujourdhui=aujourdhui, date_reference=aujourdhui)
    )


def actions_par_module() -> list[dict]:
    """[{module_id, module, nombre, ouvertes}] : actions liées à chaque module (directement)."""
    from engagements.models import Module

    modules = (
        Module.objects.select_related("referentiel")
        .annotate(
            nombre=Count("actions", distinct=True),
            ouvertes=Count("actions", filter=Q(actions__statut__in=STATUTS_OUVERTS), distinct=True),
        )
        .filter(nombre__gt=0)
        .order_by("referentiel__titre", "numero")
    )
    return [{"module_id": m.pk, "module": m, "nombre": m.nombre, "ouvertes": m.ouvertes} for m in modules]


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


def actions_par_service(date_reference: date | None = None) -> list[dict]:
    """[{service_id, service, nombre, ouvertes, en_retard}] par service pilote (nom), à la date de référence : les
    lignes de `chiffres_du_plan` (une seule définition)."""
    return chiffres_du_plan(date_reference).par_service


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

    def en_json(self) -> dict:
        return {
            "comptes": self.comptes,
            "premiere_creation": self.premiere_creation.isoformat() if self.premiere_creation else None,
            "derniere_creation": self.derniere_creation.isoformat() if self.derniere_creation else None,
            "par_module": [[module, total, ouvertes] for module, (total, ouvertes) in self.par_module.items()],
            "par_service": self.par_service,
        }

    @classmethod
    def depuis_json(cls, donnees: dict) -> "ChiffresPlan":
        return cls(
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
        cloture = ClotureAnnee.objects.filter(annee=jour.year).values_list("pk", "chiffres").first()
        if cloture is not None:
            pk, chiffres = cloture
            if chiffres:
                return ChiffresPlan.depuis_json(chiffres)
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


def actions_realisees(annee: int, *, date_reference: date | None = None) -> QuerySet[Action]:
    """Actions réalisées dans l'année (date de réalisation) = liste filtrée `realisee_en=annee`."""
    return avec_details(actions_filtrees({"realisee_en": annee}, date_reference=date_reference))


def total_actions_depuis(annee: int, *, date_reference: date | None = None) -> int:
    """Nombre d'actions créées depuis le 1er janvier `annee` (« 155 actions depuis 2019 »), jusqu'à la date de
    référence."""
    actions = Action.objects.filter(date_creation__year__gte=annee)
    if date_reference is not None:
        actions = actions.filter(date_creation__lte=date_reference)
    return actions.count()


def premiere_annee_actions(*, date_reference: date | None = None) -> int | None:
    """L'année de la plus ancienne action du plan (le « depuis » du bilan), à la date de référence ; None si le
    plan est vide."""
    actions = Action.objects.order_by("date_creation")
    if date_reference is not None:
        actions = actions.filter(date_creation__lte=date_reference)
    premiere = actions.values_list("date_creation", flat=True).first()
    return premiere.year if premiere else None


def actions_exemples_en_cours(n: int = 4, *, date_reference: date | None = None) -> list[Action]:
    """Quelques actions en cours (à la date de référence), réelles (hors démo) d'abord, pour illustrer le bilan."""
    actions = actions_a_date(date_reference).filter(statut_a=Statut.EN_COURS)
    return telles_qu_a_date(avec_details(actions).order_by("est_demo", "echeance_a", "reference")[:n])


def actions_en_retard_par_engagement(
    engagements: Iterable[Engagement | int] | None = None, aujourdhui: date | None = None
) -> dict[int, int]:
    """{engagement_id: nombre d'actions en retard} (pour les critères de préparation d'audit)."""
    actions = Action.objects.en_retard(aujourdhui or timezone.localdate())
    lignes = Engagement.objects.filter(actions__in=actions)
    if engagements is not None:
        lignes = lignes.filter(pk__in=[getattr(e, "pk", e) for e in engagements])
    return dict(lignes.values_list("pk").annotate(n=Count("actions", distinct=True)))


def actions_ouvertes_par_module(modules: Iterable[Any]) -> dict[int, int]:
    """{module_id: actions ouvertes liées au module directement ou par un engagement} (une requête), le nombre de
    la liste filtrée `module` + `statut=ouvertes`."""
    pks = [getattr(m, "pk", m) for m in modules]
    lignes = (
        Action.objects.ouvertes()
        .filter(Q(modules__in=pks) | Q(engagements__module_id__in=pks))
        .order_by()
        .values_list("pk", "modules__id", "engagements__module_id")
    )
    par_module: dict[int, set[int]] = {pk: set() for pk in pks}
    for pk, direct, par_engagement in lignes:
        for module in {direct, par_engagement} & set(pks):
            par_module[module].add(pk)
    return {module: len(actions) for module, actions in par_module.items()}


def actions_de_l_engagement(engagement: Engagement) -> QuerySet[Action]:
    return avec_details(engagement.actions.all()).order_by("-reference")


def actions_du_correspondant(utilisateur: Utilisateur) -> QuerySet[Action]:
    """Les actions des services suivis par le correspondant, ouvertes d'abord puis par échéance."""
    ouvertes_d_abord = Case(When(statut__in=STATUTS_OUVERTS, then=Value(0)), default=Value(1))
    return avec_details(Action.objects.filter(service_pilote__in=utilisateur.services.all())).order_by(
        ouvertes_d_abord, F("echeance").asc(nulls_last=True), "reference"
    )


def journal(action: Action) -> QuerySet[Commentaire]:
    return action.commentaires.select_related("auteur")


def dernier_commentaire(action: Action, *, date_reference: date | None = None) -> str:
    """Le dernier commentaire du journal (écrit au plus tard le jour de référence)."""
    commentaires = action.commentaires.order_by("-date", "-pk")
    if (jour := passee(date_reference)) is not None:
        commentaires = commentaires.filter(date__lt=_fin_du_jour(jour))
    commentaire = commentaires.first()
    return commentaire.texte if commentaire else ""


AGREGATS_ANNEES = {"premiere_creation": Min("date_creation"), "derniere_creation": Max("date_creation")}


def annees_de_creation() -> list[int]:
    """Les années de la première à la dernière création d'action (une requête, deux recherches dans l'index)."""
    return annees_entre(*bornes(Action.objects.all(), "date_creation"))
