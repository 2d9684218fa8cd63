"""Lectures du plan d'actions pour les pages, le tableau de bord et le bilan.

Chaque chiffre a une seule définition : le tableau de bord lie un chiffre à
`actions_filtrees(filtres)`, la liste qui montre le même nombre.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Aggregate, Case, Count, F, Max, Min, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from engagements.models import Engagement
from organisation.models import Utilisateur

from .models import STATUTS_OUVERTS, Action, Commentaire, Statut

TRIS = {
    "reference": "reference",
    "intitule": "intitule",
    "service": "service_pilote__nom",
    "echeance": "echeance",
    "statut": "statut",
    "avancement": "avancement",
}
TRI_DEFAUT = "-reference"


def _entier(valeur: str | int | None) -> int | None:
    try:
        return int(valeur)  # type: ignore[arg-type]  # None lève TypeError, rattrapée ici
    except (TypeError, ValueError):
        return None


def actions_filtrees(filtres: Mapping | None = None, *, aujourdhui: date | None = None) -> QuerySet[Action]:
    """Le queryset de la liste : filtres `statut`, `service`, `module`, `engagement`, `origine`,
    `en_retard` (« 1 »), `annee` (année de création), `q` (texte), `tri` (« echeance », « -statut »…).

    Les valeurs inconnues sont ignorées (jamais d'erreur sur une URL bricolée).
    """
    filtres = filtres or {}
    aujourdhui = aujourdhui or timezone.localdate()
    actions = Action.objects.all()
    statut = filtres.get("statut")
    if statut == "ouvertes":
        actions = actions.ouvertes()
    elif statut in Statut.values:
        actions = actions.filter(statut=statut)
    if (service := _entier(filtres.get("service"))) is not None:
        actions = actions.filter(service_pilote_id=service)
    if (module := _entier(filtres.get("module"))) is not None:
        actions = actions.filter(lien_au_module(module)).distinct()
    if (engagement := _entier(filtres.get("engagement"))) is not None:
        actions = actions.filter(engagements__id=engagement)
    if origine := filtres.get("origine"):
        actions = actions.filter(origine=origine)
    if str(filtres.get("en_retard", "")) in ("1", "oui", "True", "on"):
        actions = actions.en_retard(aujourdhui)
    if (annee := _entier(filtres.get("annee"))) is not None:
        actions = actions.filter(date_creation__year=annee)
    if (realisee_en := _entier(filtres.get("realisee_en"))) is not None:
        actions = actions.filter(statut=Statut.REALISEE, date_realisation__year=realisee_en)
    if texte := (filtres.get("q") or "").strip():
        actions = actions.filter(Q(intitule__icontains=texte) | Q(reference__icontains=texte))
    tri = filtres.get("tri") or TRI_DEFAUT
    champ = TRIS.get(tri.lstrip("-"))
    ordre = (f"-{champ}" if tri.startswith("-") else champ) if champ else TRI_DEFAUT
    return actions.order_by(ordre, "-pk")


def lien_au_module(module: int) -> Q:
    """Une action est liée à un module directement ou par l'un de ses engagements (filtre à compléter par
    `.distinct()` : une action liée des deux façons ne compte qu'une fois)."""
    return Q(modules__id=module) | Q(engagements__module_id=module)


def compter(listes: Mapping[str, Mapping], *, aujourdhui: date | None = None, **autres: Aggregate) -> dict[str, Any]:
    """Le nombre de lignes de plusieurs listes filtrées, en une requête : {nom: filtres} → {nom: nombre}.

    Chaque nombre est celui de `actions_filtrees(filtres)`, la liste que montre la page liée.
    `autres` : agrégats ajoutés à la même requête (ex. premiere=Min("date_creation")).
    """
    comptes = {
        nom: Count("pk", filter=Q(pk__in=actions_filtrees(filtres, aujourdhui=aujourdhui).order_by().values("pk")))
        for nom, filtres in listes.items()
    }
    return Action.objects.aggregate(**comptes, **autres)


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


def comptes_par_statut(actions: QuerySet[Action]) -> list[dict]:
    """[{statut, libelle, nombre}] dans l'ordre des statuts, zéros compris (une requête)."""
    nombres = dict(actions.order_by().values_list("statut").annotate(n=Count("pk", distinct=True)))
    return [{"statut": s.value, "libelle": s.label, "nombre": nombres.get(s.value, 0)} for s in Statut]


def actions_par_statut(annee: int | None = None) -> list[dict]:
    """Nombre d'actions par statut, pour les actions créées en `annee` (toutes si None)."""
    return comptes_par_statut(actions_filtrees({"annee": annee} if annee else {}))


def actions_en_retard(aujourdhui: date | None = None) -> QuerySet[Action]:
    """Actions ouvertes dont l'échéance est passée (= liste filtrée `en_retard=1`)."""
    return avec_details(actions_filtrees({"en_retard": "1", "tri": "echeance"}, aujourdhui=aujourdhui))


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


def actions_par_service() -> list[dict]:
    """[{service_id, service, nombre, ouvertes, en_retard}] par service pilote."""
    from organisation.models import Service

    aujourdhui = timezone.localdate()
    services = (
        Service.objects.annotate(
            nombre=Count("actions", distinct=True),
            ouvertes=Count("actions", filter=Q(actions__statut__in=STATUTS_OUVERTS), distinct=True),
            en_retard=Count(
                "actions",
                filter=Q(actions__statut__in=STATUTS_OUVERTS, actions__echeance__lt=aujourdhui),
                distinct=True,
            ),
        )
        .filter(nombre__gt=0)
        .order_by("nom")
    )
    return [
        {"service_id": s.pk, "service": s, "nombre": s.nombre, "ouvertes": s.ouvertes, "en_retard": s.en_retard}
        for s in services
    ]


def actions_realisees(annee: int) -> QuerySet[Action]:
    """Actions réalisées dans l'année (date de réalisation) = liste filtrée `realisee_en=annee`."""
    return avec_details(actions_filtrees({"realisee_en": annee}))


def total_actions_depuis(annee: int) -> int:
    """Nombre d'actions créées depuis le 1er janvier `annee` (« 155 actions depuis 2019 »)."""
    return Action.objects.filter(date_creation__year__gte=annee).count()


def premiere_annee_actions() -> int | None:
    """L'année de la plus ancienne action du plan (le « depuis » du bilan), None si le plan est vide."""
    premiere = Action.objects.order_by("date_creation").values_list("date_creation", flat=True).first()
    return premiere.year if premiere else None


def actions_exemples_en_cours(n: int = 4) -> list[Action]:
    """Quelques actions en cours, réelles (hors démo) d'abord, pour illustrer le bilan."""
    return list(
        avec_details(Action.objects.filter(statut=Statut.EN_COURS)).order_by("est_demo", "echeance", "reference")[:n]
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


def dernier_commentaire(action: Action) -> str:
    commentaire = action.commentaires.order_by("-date", "-pk").first()
    return commentaire.texte if commentaire else ""


AGREGATS_ANNEES = {"premiere_creation": Min("date_creation"), "derniere_creation": Max("date_creation")}


def annees_de_creation() -> list[int]:
    """Les années de la première à la dernière création d'action (une requête indexée)."""
    bornes = Action.objects.aggregate(**AGREGATS_ANNEES)
    return annees_entre(bornes["premiere_creation"], bornes["derniere_creation"])
