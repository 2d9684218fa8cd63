"""Agenda : audits (réalisés et prévus), réunions des instances et échéances des actions ouvertes.

La page d'agenda montre un mois de tout ce que l'utilisateur peut lire ; le flux iCal personnel ne garde que ce qui
le concerne : ses actions (il en est responsable, ou son service les pilote), ses réunions (il y est convoqué), et les
audits, qui concernent toute la démarche. Chaque famille se lit en une requête.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from audits import acces as acces_audits
from audits.models import Audit
from engagements import acces as acces_engagements
from engagements.models import EcheanceCycle
from organisation.acces import UtilisateurOuAnonyme, est_connecte
from organisation.models import Utilisateur
from plan_actions import acces as acces_plan
from plan_actions.models import Action

from . import acces
from .models import Instance

AUDIT, AUDIT_PREVU, REUNION, ECHEANCE = "audit", "audit_prevu", "reunion", "echeance"
CATEGORIES = {
    AUDIT: "Audit",
    AUDIT_PREVU: "Audit prévu",
    REUNION: "Réunion",
    ECHEANCE: "Échéance d'action",
}


@dataclass(frozen=True)
class Evenement:
    uid: str
    categorie: str
    date: datetime.date
    titre: str
    url: str
    detail: str = ""
    date_fin: datetime.date | None = None  # dernier jour compris (audits de plusieurs jours)
    en_retard: bool = False

    @property
    def categorie_libelle(self) -> str:
        return CATEGORIES[self.categorie]


def _chevauche(champ_debut: str, champ_fin: str | None, debut: datetime.date | None, fin: datetime.date | None) -> Q:
    filtre = Q()
    if fin is not None:
        filtre &= Q(**{f"{champ_debut}__lte": fin})
    if debut is not None:
        if champ_fin:
            filtre &= Q(**{f"{champ_fin}__gte": debut}) | Q(
                **{f"{champ_fin}__isnull": True, f"{champ_debut}__gte": debut}
            )
        else:
            filtre &= Q(**{f"{champ_debut}__gte": debut})
    return filtre


def _audits(debut, fin) -> list[Evenement]:
    audits = Audit.objects.select_related("site").filter(_chevauche("date_debut", "date_fin", debut, fin))
    return [
        Evenement(
            uid=f"audit-{audit.pk}",
            categorie=AUDIT,
            date=audit.date_debut,
            date_fin=audit.date_fin if audit.date_fin and audit.date_fin > audit.date_debut else None,
            titre=str(audit),
            url=reverse("audits:audit_detail", args=[audit.pk]),
            detail=" · ".join(filter(None, [str(audit.site), audit.organisme])),
        )
        for audit in audits
    ]


def _audits_prevus(debut, fin) -> list[Evenement]:
    echeances = EcheanceCycle.objects.select_related("cycle__site", "cycle__referentiel").filter(
        _chevauche("date_prevue", None, debut, fin), date_realisation__isnull=True
    )
    return [
        Evenement(
            uid=f"audit-prevu-{echeance.pk}",
            categorie=AUDIT_PREVU,
            date=echeance.date_prevue,
            titre=f"{echeance.get_type_display()} prévu",
            url=reverse("engagements:cycle_detail", args=[echeance.cycle_id]),
            detail=f"{echeance.cycle.site} · {echeance.cycle.referentiel}",
        )
        for echeance in echeances
    ]


def _reunions(debut, fin, utilisateur: Utilisateur | None) -> list[Evenement]:
    instances = Instance.objects.filter(_chevauche("date", None, debut, fin))
    if utilisateur is not None:
        instances = instances.filter(participations__utilisateur=utilisateur).distinct()
    return [
        Evenement(
            uid=f"reunion-{instance.pk}",
            categorie=REUNION,
            date=instance.date,
            titre=str(instance),
            url=reverse("pilotage:instance_detail", args=[instance.pk]),
            detail=" · ".join(filter(None, [instance.get_statut_display(), instance.lieu])),
        )
        for instance in instances
    ]


def _echeances(debut, fin, utilisateur: Utilisateur | None, aujourdhui: datetime.date) -> list[Evenement]:
    actions = Action.objects.ouvertes().select_related("service_pilote").filter(echeance__isnull=False)
    actions = actions.filter(_chevauche("echeance", None, debut, fin))
    if utilisateur is not None:
        actions = actions.filter(
            Q(responsables=utilisateur) | Q(service_pilote__in=utilisateur.services.all())
        ).distinct()
    return [
        Evenement(
            uid=f"action-{action.pk}",
            categorie=ECHEANCE,
            date=action.echeance,
            titre=f"{action.reference} — {action.intitule}",
            url=reverse("plan_actions:detail", args=[action.pk]),
            detail=" · ".join(
                filter(None, [action.get_statut_display(), f"{action.avancement} %", str(action.service_pilote or "")])
            ),
            en_retard=action.est_en_retard(aujourdhui),
        )
        for action in actions
    ]


def evenements(
    *,
    utilisateur: UtilisateurOuAnonyme,
    debut: datetime.date | None,
    fin: datetime.date | None,
    seulement_les_miens: bool = False,
) -> list[Evenement]:
    """Les événements du `debut` au `fin` compris (sans borne si None), par date, que l'utilisateur peut lire.

    `seulement_les_miens` : ses actions et ses réunions (les audits restent : ils concernent toute la démarche)."""
    if not est_connecte(utilisateur):
        return []
    aujourdhui = timezone.localdate()
    moi = utilisateur if seulement_les_miens else None
    trouves: list[Evenement] = []
    if acces_audits.peut_lire_audits(utilisateur):
        trouves += _audits(debut, fin)
    if acces_engagements.peut_lire(utilisateur):
        trouves += _audits_prevus(debut, fin)
    if acces.peut_lire_instances(utilisateur):
        trouves += _reunions(debut, fin, moi)
    if acces_plan.peut_lire_plan(utilisateur):
        trouves += _echeances(debut, fin, moi, aujourdhui)
    ordre = list(CATEGORIES)
    return sorted(trouves, key=lambda e: (e.date, ordre.index(e.categorie), e.titre))


def flux_personnel(utilisateur: Utilisateur) -> list[Evenement]:
    """Le contenu du flux iCal d'un compte : toutes ses échéances d'actions ouvertes (en retard comprises), ses
    réunions et les audits depuis un an."""
    il_y_a_un_an = timezone.localdate() - datetime.timedelta(days=365)
    miens = evenements(utilisateur=utilisateur, debut=None, fin=None, seulement_les_miens=True)
    return [e for e in miens if e.categorie == ECHEANCE or (e.date_fin or e.date) >= il_y_a_un_an]


def ical(evenements_du_flux: list[Evenement], *, nom: str, adresse: Callable[[str], str]) -> bytes:
    """Le calendrier iCalendar (RFC 5545) des événements : journées entières, un UID stable par objet."""
    calendrier = Calendar()
    calendrier.add("prodid", "-//qualite//Agenda de la démarche qualité//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("x-wr-calname", nom)
    calendrier.add("x-wr-timezone", "Europe/Paris")
    horodatage = timezone.now()
    domaine = urlsplit(adresse("/")).netloc or "qualite"
    for evenement in evenements_du_flux:
        vevent = Event()
        vevent.add("uid", f"{evenement.uid}@{domaine}")
        vevent.add("dtstamp", horodatage)
        vevent.add("dtstart", evenement.date)
        vevent.add("dtend", (evenement.date_fin or evenement.date) + datetime.timedelta(days=1))
        prefixe = "En retard — " if evenement.en_retard else ""
        vevent.add("summary", f"{prefixe}{evenement.categorie_libelle} : {evenement.titre}")
        vevent.add("description", "\n".join(filter(None, [evenement.detail, adresse(evenement.url)])))
        vevent.add("url", adresse(evenement.url))
        vevent.add("categories", [evenement.categorie_libelle])
        vevent.add("transp", "TRANSPARENT")
        calendrier.add_component(vevent)
    return calendrier.to_ical()
