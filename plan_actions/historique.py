"""Lecture de l'historique d'une action : qui, quand, avant → après, avec les libellés français."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from engagements.models import Engagement, Module
from organisation.models import Service, Utilisateur

from .models import Action

CHAMPS_IGNORES = ("version", "modifiee_le")
MODELES_LIES = {"modules": Module, "engagements": Engagement, "responsables": Utilisateur, "service_pilote": Service}
TYPES = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass(frozen=True)
class Changement:
    libelle: str
    avant: str
    apres: str


@dataclass(frozen=True)
class EntreeHistorique:
    date: datetime
    auteur: str
    type: str
    changements: list[Changement]


def libelle_champ(champ: str) -> str:
    libelle = str(Action._meta.get_field(champ).verbose_name)
    return libelle[:1].upper() + libelle[1:]


def _nom(objet) -> str:
    if isinstance(objet, Engagement):
        return f"{objet.module.numero}.{objet.numero}" if objet.module_id else str(objet.numero)
    if isinstance(objet, Module):
        return f"Module {objet.numero}"
    return str(objet)


def valeur_affichee(champ: str, valeur) -> str:
    """Valeur lisible : libellé du choix, date jj/mm/aaaa, nom d'un objet lié, « — » si vide."""
    if valeur in (None, "", [], ()):
        return "—"
    champ_modele = Action._meta.get_field(champ)
    if champ in MODELES_LIES:
        modele = MODELES_LIES[champ]
        if isinstance(valeur, models.Model):
            return _nom(valeur)
        if isinstance(valeur, (list, tuple, set, models.QuerySet)):
            pks = []
            for element in valeur:
                if isinstance(element, dict):  # ligne d'historique m2m : {"action": 1, "module": 3}
                    pks.extend(v for k, v in element.items() if k != "action")
                else:
                    pks.append(getattr(element, "pk", element))
            requete = modele.objects.filter(pk__in=pks)
            if modele is Engagement:
                requete = requete.select_related("module")
            noms = sorted(_nom(objet) for objet in requete)
            return ", ".join(noms) or "—"
        objet = modele.objects.filter(pk=valeur).first()
        return _nom(objet) if objet else "(supprimé)"
    if champ_modele.choices:
        return str(dict(champ_modele.flatchoices).get(valeur, valeur))
    if isinstance(valeur, date):
        return f"{valeur:%d/%m/%Y}"
    if champ == "avancement":
        return f"{valeur} %"
    return str(valeur)


def historique_action(action: Action) -> list[EntreeHistorique]:
    """Les entrées de l'historique, la plus récente d'abord, avec leurs changements."""
    enregistrements = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    entrees = []
    precedent = None
    for enregistrement in enregistrements:
        changements = []
        if precedent is not None:
            delta = enregistrement.diff_against(precedent, excluded_fields=CHAMPS_IGNORES)
            changements = [
                Changement(
                    libelle=libelle_champ(c.field),
                    avant=valeur_affichee(c.field, c.old),
                    apres=valeur_affichee(c.field, c.new),
                )
                for c in delta.changes
            ]
        if precedent is None or changements:
            entrees.append(
                EntreeHistorique(
                    date=timezone.localtime(enregistrement.history_date),
                    auteur=str(enregistrement.history_user or "Application (import ou tâche)"),
                    type=TYPES.get(enregistrement.history_type, "Modification"),
                    changements=changements,
                )
            )
        precedent = enregistrement
    return list(reversed(entrees))
