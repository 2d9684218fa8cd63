"""Version des données : ce qui invalide un résultat mis en cache, sans jamais servir de chiffre périmé.

Une application qui met en cache un calcul (le tableau de bord du pilotage) déclare au démarrage les applications
qu'il lit (`surveiller(cle, applications)`). Chaque écriture de l'une d'elles (post_save, post_delete,
m2m_changed ; et `changer(cle)` appelé par les services qui écrivent en masse : bulk_create, update) remplace le
jeton de la clé, en base, dans la transaction de l'écriture : tous les processus (workers gunicorn, Celery) le
voient dès la validation, et une écriture annulée n'invalide rien.

Le jeton est tiré au hasard plutôt qu'incrémenté : après l'annulation d'une transaction (ou la restauration d'une
sauvegarde), un numéro repris désignerait un autre état des données ; un jeton neuf, jamais.
"""

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import VersionDonnees

_surveillees: dict[str, frozenset[str]] = {}


class Memoire:
    """Les derniers résultats calculés, gardés dans le processus sous leur clé (jeton de version compris).

    Pas le cache de Django : il sérialiserait (pickle) chaque résultat, et relire des milliers d'objets coûterait
    plus que de les recalculer. Les plus anciens sortent au-delà de `taille` ; un jeton périmé n'est plus demandé.
    """

    def __init__(self, taille: int = 8):
        self.taille = taille
        self._valeurs: OrderedDict[str, Any] = OrderedDict()
        self._verrou = threading.Lock()

    def obtenir(self, cle: str, calculer: Callable[[], Any]) -> Any:
        with self._verrou:
            if cle in self._valeurs:
                self._valeurs.move_to_end(cle)
                return self._valeurs[cle]
        valeur = calculer()
        with self._verrou:
            self._valeurs[cle] = valeur
            while len(self._valeurs) > self.taille:
                self._valeurs.popitem(last=False)
        return valeur

    def vider(self) -> None:
        with self._verrou:
            self._valeurs.clear()


def actif() -> bool:
    """Le cache des tableaux est-il en service ? (désactivé dans les tests, sauf ceux qui l'activent)."""
    return bool(getattr(settings, "QUALITE_CACHE_TABLEAUX", True))


def version(cle: str) -> str:
    """Le jeton actuel de la clé (une requête indexée sur la clé primaire) ; « » si rien n'a encore été écrit."""
    return VersionDonnees.objects.filter(cle=cle).values_list("jeton", flat=True).first() or ""


def changer(cle: str) -> None:
    """Remplace le jeton de la clé (à appeler après une écriture en masse, qui n'envoie aucun signal)."""
    jeton = uuid.uuid4().hex
    if VersionDonnees.objects.filter(cle=cle).update(jeton=jeton):
        return
    try:
        with transaction.atomic():
            VersionDonnees.objects.create(cle=cle, jeton=jeton)
    except IntegrityError:  # créée entre-temps par une autre écriture
        VersionDonnees.objects.filter(cle=cle).update(jeton=jeton)


def changer_pour(application: str) -> None:
    """Remplace le jeton de chaque clé qui surveille l'application (`app_label`)."""
    for cle, applications in _surveillees.items():
        if application in applications:
            changer(cle)


def changer_tout() -> None:
    """Remplace tous les jetons (après un chargement en masse : démonstration, banc, restauration)."""
    for cle in _surveillees:
        changer(cle)


def _a_changer(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or kwargs.get("raw"):
        return
    action = kwargs.get("action")  # m2m_changed seul : pre_add, post_add…
    if action is not None and not action.startswith("post_"):
        return
    # Les lignes d'historique (simple_history) accompagnent une écriture déjà comptée.
    if meta.model_name.startswith("historical"):
        return
    changer_pour(meta.app_label)


def surveiller(cle: str, applications: Iterable[str]) -> None:
    """Déclare que le résultat mis en cache sous `cle` lit les modèles de ces applications."""
    _surveillees[cle] = _surveillees.get(cle, frozenset()) | frozenset(applications)
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_a_changer, dispatch_uid="qualite.versions")
