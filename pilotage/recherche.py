"""Recherche de l'en-tête : actions, constats, engagements, indicateurs et séances d'instance, par mots.

Chaque mot doit figurer (sans égard à la casse) dans l'un des champs de texte de l'objet ; une famille n'est
cherchée que si l'utilisateur peut en lire les pages (règles des `acces.py` de chaque application). Une requête par
famille, au plus `LIMITE` résultats chacune.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q, QuerySet
from django.urls import reverse

from audits import acces as acces_audits
from audits.models import Constat
from engagements import acces as acces_engagements
from engagements.models import Engagement
from indicateurs import acces as acces_indicateurs
from indicateurs.models import Indicateur
from organisation.acces import UtilisateurOuAnonyme
from plan_actions import acces as acces_plan
from plan_actions.models import Action

from . import acces
from .models import Instance

LIMITE = 20
LONGUEUR_MINIMALE = 2


@dataclass(frozen=True)
class Resultat:
    titre: str
    url: str
    detail: str


@dataclass(frozen=True)
class Famille:
    code: str
    libelle: str
    resultats: list[Resultat]
    complet: bool  # faux : il y en a plus que LIMITE


@dataclass(frozen=True)
class _Source:
    code: str
    libelle: str
    regle: Callable[[UtilisateurOuAnonyme], bool]
    requete: Callable[[], QuerySet]
    champs: tuple[str, ...]
    resultat: Callable[..., Resultat]


def mots_de(texte: str) -> list[str]:
    """Les mots d'une recherche (2 caractères au moins), sans doublon, dans l'ordre."""
    mots: list[str] = []
    for mot in texte.split():
        if len(mot) >= LONGUEUR_MINIMALE and mot.casefold() not in {m.casefold() for m in mots}:
            mots.append(mot)
    return mots[:8]


def _filtre(mots: Sequence[str], champs: Sequence[str]) -> Q:
    return reduce(and_, (reduce(or_, (Q(**{f"{champ}__icontains": mot}) for champ in champs)) for mot in mots))


def _action(action: Action) -> Resultat:
    return Resultat(
        titre=f"{action.reference} — {action.intitule}",
        url=reverse("plan_actions:detail", args=[action.pk]),
        detail=" · ".join(
            filter(None, [action.get_statut_display(), str(action.service_pilote) if action.service_pilote else ""])
        ),
    )


def _constat(constat: Constat) -> Resultat:
    return Resultat(
        titre=constat.texte,
        url=reverse("audits:constat_detail", args=[constat.pk]),
        detail=f"{constat.get_nature_display()} · {constat.audit}",
    )


def _engagement(engagement: Engagement) -> Resultat:
    return Resultat(
        titre=f"{engagement.code} — {engagement.libelle}",
        url=reverse("engagements:engagement_detail", args=[engagement.pk]),
        detail=str(engagement.referentiel),
    )


def _indicateur(indicateur: Indicateur) -> Resultat:
    return Resultat(
        titre=indicateur.libelle,
        url=reverse("indicateurs:detail", args=[indicateur.code]),
        detail=indicateur.get_periodicite_display(),
    )


def _instance(instance: Instance) -> Resultat:
    return Resultat(
        titre=str(instance),
        url=reverse("pilotage:instance_detail", args=[instance.pk]),
        detail=f"{instance.get_type_display()} · {instance.date:%d/%m/%Y} · {instance.get_statut_display()}",
    )


SOURCES: tuple[_Source, ...] = (
    _Source(
        "actions",
        "Actions",
        acces_plan.peut_lire_plan,
        lambda: Action.objects.select_related("service_pilote").order_by("-date_creation", "-pk"),
        ("reference", "intitule", "description", "origine_libelle", "responsable_nom"),
        _action,
    ),
    _Source(
        "constats",
        "Constats d'audit",
        acces_audits.peut_lire_audits,
        lambda: Constat.objects.select_related("audit__site", "audit__referentiel").order_by(
            "-audit__date_debut", "pk"
        ),
        ("texte", "justification"),
        _constat,
    ),
    _Source(
        "engagements",
        "Engagements",
        acces_engagements.peut_lire,
        lambda: Engagement.objects.select_related("referentiel", "module"),
        ("libelle", "module__titre", "rubrique__titre"),
        _engagement,
    ),
    _Source(
        "indicateurs",
        "Indicateurs",
        acces_indicateurs.peut_lire,
        lambda: Indicateur.objects.order_by("libelle"),
        ("code", "libelle", "mode_calcul"),
        _indicateur,
    ),
    _Source(
        "instances",
        "Réunions (COPIL, comité local des usagers)",
        acces.peut_lire_instances,
        lambda: Instance.objects.all(),
        ("titre", "lieu", "ordre_du_jour", "compte_rendu"),
        _instance,
    ),
)


def rechercher(*, utilisateur: UtilisateurOuAnonyme, texte: str) -> list[Famille]:
    """Les familles où la recherche trouve quelque chose, dans l'ordre de SOURCES (vide sans mot)."""
    mots = mots_de(texte)
    if not mots:
        return []
    familles = []
    for source in SOURCES:
        if not source.regle(utilisateur):
            continue
        objets = list(source.requete().filter(_filtre(mots, source.champs))[: LIMITE + 1])
        if objets:
            familles.append(
                Famille(
                    code=source.code,
                    libelle=source.libelle,
                    resultats=[source.resultat(objet) for objet in objets[:LIMITE]],
                    complet=len(objets) <= LIMITE,
                )
            )
    return familles
