"""Les listes filtrées du plan d'actions (la page, le bilan, les sections) et leurs comptes.

Chaque chiffre a une seule définition : le tableau de bord lie un chiffre à `actions_filtrees(filtres)`, la liste
qui montre le même nombre.
"""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from engagements.models import Engagement
from organisation.models import Utilisateur
from qualite.annees import annee_valide
from qualite.nombres import entier_d_adresse

from ..models import STATUTS_OUVERTS, Action, Commentaire, Statut

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

from .etats import EtatADate, _date, _fin_du_jour, actions_a_date, passee, telles_qu_a_date

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


def lien_au_module(module: int) -> Q:
    """Une action est liée à un module directement ou par l'un de ses engagements (filtre à compléter par
    `.distinct()` : une action liée des deux façons ne compte qu'une fois)."""
    return Q(modules__id=module) | Q(engagements__module_id=module)


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
