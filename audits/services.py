"""Écritures des audits : audits, import du tableau de l'auditeur, suites données aux constats."""

from datetime import date
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engagements import services as engagements_services
from engagements.models import CycleLabel, Engagement, Module
from organisation.models import Service, Utilisateur
from plan_actions.models import Action, Origine
from plan_actions.services import action_creer
from qualite.imports import RapportImport, executer_import

from .echanges import importer_constats
from .models import Audit, Constat, Etat, Suite, TypeAudit


@transaction.atomic
def audit_enregistrer(*, audit: Audit, auteur: Utilisateur | None = None) -> Audit:
    """Crée ou met à jour un audit validé par son formulaire."""
    if auteur is not None:
        audit._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    audit.full_clean()
    audit.save()
    return audit


@transaction.atomic
def constat_enregistrer(*, constat: Constat, auteur: Utilisateur | None = None) -> Constat:
    """Crée ou corrige un constat validé par son formulaire."""
    if auteur is not None:
        constat._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    constat.full_clean()
    constat.save()
    return constat


def constats_importer(
    *, audit: Audit, fichier: BinaryIO, nom: str, simulation: bool = False, utilisateur: Utilisateur | None = None
) -> RapportImport:
    """Importe le tableau de l'auditeur ; atomique : au moindre rejet, rien n'est écrit."""
    return executer_import(
        importer_constats, simulation=simulation, fichier=fichier, nom=nom, utilisateur=utilisateur, audit=audit
    )


def origine_libelle(constat: Constat) -> str:
    """« observation d'audit 2023 n°12 (Module 7) »."""
    return f"observation d'audit {constat.audit.date_debut.year} n°{constat.numero} ({constat.libelle_portee})"


def origine_lien(constat: Constat) -> str:
    return reverse("audits:constat_detail", kwargs={"pk": constat.pk})


@transaction.atomic
def constat_creer_action(
    *,
    constat: Constat,
    intitule: str,
    description: str = "",
    modules: list[Module] | tuple = (),
    engagements: list[Engagement] | tuple = (),
    service_pilote: Service | None = None,
    echeance: date | None = None,
    priorite: str | None = None,
    libelle_origine: str | None = None,
    auteur: Utilisateur | None = None,
) -> Action:
    """Crée l'action du plan née d'un constat, garde le lien côté audits et passe le constat à « traité »."""
    if not constat.appelle_une_action:
        raise ValidationError("Un point fort ne donne pas lieu à une action : valorisez-le comme bonne pratique.")
    options: dict[str, Any] = {"priorite": priorite} if priorite else {}
    action = action_creer(
        intitule=intitule,
        description=description,
        origine=Origine.CONSTAT_AUDIT,
        origine_libelle=libelle_origine or origine_libelle(constat),
        origine_lien=origine_lien(constat),
        modules=modules,
        engagements=engagements,
        service_pilote=service_pilote,
        echeance=echeance,
        auteur=auteur,
        est_demo=constat.audit.est_demo,
        **options,
    )
    constat.actions.add(action)
    _decider(constat=constat, suite=Suite.ACTION, justification=constat.justification, auteur=auteur)
    return action


@transaction.atomic
def constat_decider(
    *, constat: Constat, suite: str, justification: str = "", auteur: Utilisateur | None = None
) -> Constat:
    """Enregistre « pas d'action » (justification obligatoire) ou « bonne pratique à valoriser » (points forts)."""
    justification = justification.strip()
    if suite == Suite.SANS_ACTION:
        if not constat.appelle_une_action:
            raise ValidationError("Un point fort se valorise comme bonne pratique.")
        if not justification:
            raise ValidationError({"justification": "Justifiez l'absence d'action."})
    elif suite == Suite.BONNE_PRATIQUE:
        if constat.appelle_une_action:
            raise ValidationError("Seul un point fort se valorise comme bonne pratique.")
    else:
        raise ValidationError("Suite inconnue : créez l'action depuis le bouton « Créer l'action ».")
    return _decider(constat=constat, suite=suite, justification=justification, auteur=auteur)


def _decider(*, constat: Constat, suite: str, justification: str, auteur: Utilisateur | None) -> Constat:
    constat.suite = suite
    constat.justification = justification
    if constat.etat == Etat.OUVERT:
        constat.etat = Etat.TRAITE
    constat.date_decision = timezone.localdate()
    if auteur is not None:
        constat._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    constat.save(update_fields=["suite", "justification", "etat", "date_decision"])
    return constat


@transaction.atomic
def constats_relier_actions(*, audit: Audit) -> int:
    """Relie aux constats les actions du plan déjà créées qui les citent comme origine.

    Une action dont l'origine est « observation d'audit 2023 n°12 (Module 7) » est rattachée au constat
    n°12 de l'audit 2023, s'il est le seul constat à traiter de ce N° ; renvoie le nombre de liens ajoutés.
    """
    constats = list(audit.constats.a_traiter().select_related("audit", "module").prefetch_related("actions"))
    par_numero: dict[int, list[Constat]] = {}
    for constat in constats:
        par_numero.setdefault(constat.numero, []).append(constat)
    libelles = {origine_libelle(c).lower(): c for groupe in par_numero.values() if len(groupe) == 1 for c in groupe}
    ajouts = 0
    for action in Action.objects.filter(origine_libelle__istartswith=f"observation d'audit {audit.date_debut.year}"):
        constat = libelles.get(action.origine_libelle.strip().lower())
        if constat is None or action in constat.actions.all():
            continue
        constat.actions.add(action)
        _decider(constat=constat, suite=Suite.ACTION, justification=constat.justification, auteur=None)
        ajouts += 1
    return ajouts


@transaction.atomic
def constat_verifier(*, constat: Constat, auteur: Utilisateur | None = None) -> Constat:
    """Le constat traité a été vérifié lors de l'audit suivant."""
    if constat.etat != Etat.TRAITE:
        raise ValidationError("Seul un constat traité peut être marqué comme vérifié.")
    constat.etat = Etat.VERIFIE
    if auteur is not None:
        constat._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    constat.save(update_fields=["etat"])
    return constat


@transaction.atomic
def label_renouveler(
    *,
    cycle: CycleLabel,
    audit: Audit,
    conclusion: str,
    date_obtention: date,
    date_fin_validite: date,
    modules: list[Module],
    organisme: str = "",
    auteur: Utilisateur | None = None,
) -> CycleLabel:
    """« Renouveler le label » : l'audit de renouvellement réalisé répond à l'audit prévu du cycle (créé s'il
    manquait), il reçoit sa conclusion, et un nouveau cycle commence (nouvelle validité, périmètre copié ou modifié,
    audits de suivi et de renouvellement prévus). Tout ou rien."""
    if audit.site_id != cycle.site_id or audit.type != TypeAudit.RENOUVELLEMENT:
        raise ValidationError("Choisissez un audit de renouvellement du site de ce cycle.")
    audit.conclusion = conclusion
    audit_rattacher_au_cycle(audit=audit, cycle=cycle, auteur=auteur)
    return engagements_services.cycle_renouveler(
        cycle=cycle,
        date_obtention=date_obtention,
        date_fin_validite=date_fin_validite,
        modules=modules,
        organisme=organisme,
        auteur=auteur,
    )


@transaction.atomic
def audit_rattacher_au_cycle(*, audit: Audit, cycle: CycleLabel, auteur: Utilisateur | None = None) -> Audit:
    """L'audit répond à l'audit prévu de même type du cycle (créé s'il manquait), noté réalisé à sa date ; l'audit
    est enregistré (avec ce qu'on lui a déjà changé, sa conclusion par exemple)."""
    echeance = engagements_services.echeance_prevoir(cycle=cycle, type=audit.type, date_prevue=audit.date_debut)
    engagements_services.echeance_realiser(echeance=echeance, le=audit.date_debut, auteur=auteur)
    audit.echeance = echeance
    return audit_enregistrer(audit=audit, auteur=auteur)
