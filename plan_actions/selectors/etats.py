"""L'état des actions à une date de référence.

Une date de référence (`date_reference`, le 31/12 d'une année passée) lit le plan tel qu'il était ce soir-là :
les actions créées au plus tard ce jour, avec le statut, l'avancement, l'échéance et la date de réalisation de
leur dernière ligne d'historique d'avant (django-simple-history). Une action dont l'historique commence plus
tard que ses propres dates (démonstration, plan importé d'Excel) compte selon ces dates : créée le, réalisée le
(sinon telle que sa première ligne d'historique l'a enregistrée, encore ouverte si elle fut réalisée après).
Le 31/12 d'une année close, l'état figé à la clôture (`EtatAnnuel`).
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Action, ClotureAnnee, Statut

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class EtatADate(TypedDict):
    """Les annotations de `actions_a_date` : l'état de l'action à sa date de référence."""

    statut_a: Any
    avancement_a: Any
    echeance_a: Any
    realisee_le: Any


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
