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


def _champs_suivis() -> list[str]:
    """Les champs de l'action que l'historique compare (relations plusieurs-à-plusieurs comprises)."""
    champs = [f.name for f in Action._meta.concrete_fields if f.name not in ("id", *CHAMPS_IGNORES)]
    return champs + [f.name for f in Action._meta.many_to_many]


def _noms_lies(pks: dict[str, set[int]]) -> dict[str, dict[int, str]]:
    """{champ: {pk: nom affiché}} : une requête par modèle lié, quel que soit le nombre de lignes."""
    noms = {}
    for champ, modele in MODELES_LIES.items():
        requete = modele.objects.filter(pk__in=pks.get(champ, set()))
        if modele is Engagement:
            requete = requete.select_related("module")
        noms[champ] = {objet.pk: _nom(objet) for objet in requete} if pks.get(champ) else {}
    return noms


def historique_action(action: Action) -> list[EntreeHistorique]:
    """Les entrées de l'historique, la plus récente d'abord, avec leurs changements.

    Nombre de requêtes fixe, quelle que soit la longueur de l'historique : les lignes, puis les liens
    plusieurs-à-plusieurs de toutes les lignes (une requête par relation), puis les noms des objets liés (une par
    modèle) ; les différences se calculent en mémoire."""
    enregistrements = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    ids = [e.history_id for e in enregistrements]
    relations = [f.name for f in Action._meta.many_to_many]
    liens: dict[str, dict[int, set[int]]] = {}
    modele_historique = Action.history.model
    for champ in relations:
        modele_liens = getattr(modele_historique, champ).model
        cible = Action._meta.get_field(champ).related_model._meta.model_name
        lignes = modele_liens.objects.filter(history_id__in=ids).values_list("history_id", f"{cible}_id")
        par_ligne: dict[int, set[int]] = {}
        for history_id, pk in lignes:
            par_ligne.setdefault(history_id, set()).add(pk)
        liens[champ] = par_ligne

    def valeur(enregistrement, champ: str):
        if champ in liens:
            return liens[champ].get(enregistrement.history_id, set())
        champ_modele = Action._meta.get_field(champ)
        return getattr(enregistrement, champ_modele.attname)

    champs = _champs_suivis()
    etats = [{champ: valeur(e, champ) for champ in champs} for e in enregistrements]
    pks: dict[str, set[int]] = {champ: set() for champ in MODELES_LIES}
    for etat in etats:
        for champ in MODELES_LIES:
            valeur_champ = etat[champ]
            pks[champ] |= valeur_champ if isinstance(valeur_champ, set) else {valeur_champ} - {None}
    noms = _noms_lies(pks)

    def afficher(champ: str, valeur_champ) -> str:
        if champ in MODELES_LIES:
            if isinstance(valeur_champ, set):
                return ", ".join(sorted(noms[champ].get(pk, "(supprimé)") for pk in valeur_champ)) or "—"
            return "—" if valeur_champ is None else noms[champ].get(valeur_champ, "(supprimé)")
        return valeur_affichee(champ, valeur_champ)

    entrees = []
    for rang, enregistrement in enumerate(enregistrements):
        changements = []
        if rang:
            avant, apres = etats[rang - 1], etats[rang]
            changements = [
                Changement(
                    libelle=libelle_champ(champ),
                    avant=afficher(champ, avant[champ]),
                    apres=afficher(champ, apres[champ]),
                )
                for champ in champs
                if avant[champ] != apres[champ]
            ]
        if not rang or changements:
            entrees.append(
                EntreeHistorique(
                    date=timezone.localtime(enregistrement.history_date),
                    auteur=str(enregistrement.history_user or "Application (import ou tâche)"),
                    type=TYPES.get(enregistrement.history_type, "Modification"),
                    changements=changements,
                )
            )
    return list(reversed(entrees))
