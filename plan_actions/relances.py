"""Relances par courriel : échéance dans 7 jours, demain, dépassée ; synthèse hebdomadaire au référent.

Chaque courriel a une clé d'unicité (journal `qualite.Courriel`) : relancer deux fois le même jour,
ou relancer une action déjà signalée en retard pour la même échéance, n'envoie rien de plus.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse

from organisation.services.courriels import courriel_programmer
from qualite.liens import adresse_absolue

from . import acces
from .models import Action

CATEGORIE = "relance_action"
CATEGORIE_SYNTHESE = "synthese_plan_actions"


@dataclass
class BilanRelances:
    programmes: int = 0
    deja_envoyes: int = 0
    sans_destinataire: list[str] = field(default_factory=list)


def _destinataires(action: Action) -> list[str]:
    """Les responsables de l'action ; à défaut, les correspondants de son service pilote."""
    adresses = [u.email for u in action.responsables.all() if u.is_active and u.email]
    if not adresses and action.service_pilote_id:
        adresses = [u.email for u in action.service_pilote.correspondants.all() if u.is_active and u.email]
    return adresses


def _corps(action: Action, phrase: str) -> str:
    lien = adresse_absolue(reverse("plan_actions:detail", kwargs={"pk": action.pk}))
    return (
        f"Bonjour,\n\n{phrase}\n\n"
        f"Action {action.reference} : {action.intitule}\n"
        f"Échéance : {action.echeance:%d/%m/%Y}\n"
        f"Statut : {action.get_statut_display()} — avancement {action.avancement} %\n\n"
        f"Mettez-la à jour (statut, avancement, commentaire) : {lien}\n\n"
        "Ce message est envoyé automatiquement par l'application qualité."
    )


@transaction.atomic
def relances_envoyer(*, aujourdhui: date) -> BilanRelances:
    """Programme les relances du jour ; idempotent grâce aux clés des courriels."""
    bilan = BilanRelances()
    actions = (
        Action.objects.ouvertes()
        .filter(echeance__isnull=False, echeance__lte=aujourdhui + timedelta(days=7))
        .select_related("service_pilote")
        .prefetch_related("responsables", "service_pilote__correspondants")
        .order_by("echeance", "reference")
    )
    for action in actions:
        ecart = (action.echeance - aujourdhui).days
        if ecart == 7:
            type_relance, sujet, phrase = "j7", "échéance dans 7 jours", "L'échéance de cette action est dans 7 jours."
        elif ecart == 1:
            type_relance, sujet, phrase = "j1", "échéance demain", "L'échéance de cette action est demain."
        elif ecart < 0:
            type_relance, sujet, phrase = "retard", "échéance dépassée", "L'échéance de cette action est dépassée."
        else:
            continue
        destinataires = _destinataires(action)
        if not destinataires:
            bilan.sans_destinataire.append(action.reference)
            continue
        _, cree = courriel_programmer(
            destinataires=destinataires,
            sujet=f"Plan d'actions {action.reference} : {sujet}",
            corps=_corps(action, phrase),
            categorie=CATEGORIE,
            cle=f"relance:{action.pk}:{type_relance}:{action.echeance.isoformat()}",
        )
        bilan.programmes += cree
        bilan.deja_envoyes += not cree
    _synthese(aujourdhui=aujourdhui, bilan=bilan)
    return bilan


def _synthese(*, aujourdhui: date, bilan: BilanRelances) -> None:
    """Une synthèse par semaine ISO au référent : retards et échéances des 30 prochains jours."""
    referents = [u.email for u in acces.referents_a_relancer() if u.email]
    if not referents:
        return
    annee, semaine, _ = aujourdhui.isocalendar()
    cle = f"synthese:{annee}-S{semaine:02d}"
    ouvertes = Action.objects.ouvertes().select_related("service_pilote")
    en_retard = list(ouvertes.filter(echeance__lt=aujourdhui).order_by("echeance", "reference"))
    prochaines = list(
        ouvertes.filter(echeance__gte=aujourdhui, echeance__lte=aujourdhui + timedelta(days=30)).order_by(
            "echeance", "reference"
        )
    )

    def lignes(actions):
        if not actions:
            return ["  (aucune)"]
        return [
            f"  - {a.reference} — {a.intitule[:90]} — échéance {a.echeance:%d/%m/%Y} — "
            f"{a.service_pilote.nom if a.service_pilote else 'sans service pilote'}"
            for a in actions
        ]

    corps = "\n".join(
        [
            "Bonjour,",
            "",
            f"Synthèse hebdomadaire du plan d'actions (semaine {semaine} de {annee}).",
            "",
            f"Actions en retard : {len(en_retard)}",
            *lignes(en_retard),
            "",
            f"Échéances des 30 prochains jours : {len(prochaines)}",
            *lignes(prochaines),
            "",
            f"Liste des actions en retard : {adresse_absolue(reverse('plan_actions:liste'))}?en_retard=1",
        ]
    )
    _, cree = courriel_programmer(
        destinataires=referents,
        sujet=f"Plan d'actions : synthèse de la semaine {semaine}",
        corps=corps,
        categorie=CATEGORIE_SYNTHESE,
        cle=cle,
    )
    bilan.programmes += cree
    bilan.deja_envoyes += not cree


__all__ = ["relances_envoyer", "BilanRelances"]
