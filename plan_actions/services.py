"""Écritures du plan d'actions. Les audits et les indicateurs créent leurs actions ici."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from engagements.models import Engagement, Module
from qualite.models import Service, Utilisateur

from .models import Action, Commentaire, Origine, Priorite, Statut


def prochaine_reference(*, annee: int) -> str:
    """« 2023-012 » : l'année puis un numéro d'ordre sur trois chiffres."""
    prefixe = f"{annee}-"
    derniere = Action.objects.filter(reference__startswith=prefixe, reference__regex=rf"^{annee}-\d+$").aggregate(
        Max("reference")
    )["reference__max"]
    numero = int(derniere.split("-")[1]) + 1 if derniere else 1
    return f"{prefixe}{numero:03d}"


@transaction.atomic
def action_creer(
    *,
    intitule: str,
    origine: str = Origine.INTERNE,
    origine_libelle: str = "",
    origine_lien: str = "",
    description: str = "",
    service_pilote: Service | None = None,
    modules: Iterable[Module] = (),
    engagements: Iterable[Engagement] = (),
    responsables: Iterable[Utilisateur] = (),
    echeance: date | None = None,
    priorite: str = Priorite.NORMALE,
    statut: str = Statut.A_LANCER,
    reference: str | None = None,
    auteur: Utilisateur | None = None,
    est_demo: bool = False,
) -> Action:
    """Crée une action du plan ; la référence est attribuée si elle n'est pas donnée."""
    reference = reference or prochaine_reference(annee=timezone.localdate().year)
    action = Action(
        reference=reference,
        intitule=intitule,
        description=description,
        origine=origine,
        origine_libelle=origine_libelle,
        origine_lien=origine_lien,
        service_pilote=service_pilote,
        echeance=echeance,
        priorite=priorite,
        statut=statut,
        est_demo=est_demo,
    )
    if auteur is not None:
        action._history_user = auteur
    action.full_clean(exclude=["modules", "engagements", "responsables"])
    action.save()
    action.modules.set(modules)
    action.engagements.set(engagements)
    action.responsables.set(responsables)
    return action


@transaction.atomic
def action_commenter(*, action: Action, auteur: Utilisateur | None, texte: str) -> Commentaire:
    return Commentaire.objects.create(action=action, auteur=auteur, texte=texte)
