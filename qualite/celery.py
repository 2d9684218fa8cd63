"""Application Celery de qualite.

Les tâches sont minces : elles prennent un identifiant et appellent un service.
On les envoie après la validation de la transaction (`envoyer_apres_commit`). Courtier (Redis) injoignable :
l'envoi échoue sans erreur pour l'utilisateur, la ligne reste « non envoyée » et une tâche périodique
la republie à son retour (`republier`).
"""

import logging
import os
from collections.abc import Callable
from datetime import timedelta

from celery import Celery, Task
from django.db import models, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualite.settings")

app = Celery("qualite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

journal = logging.getLogger(__name__)

# Erreurs passagères : la tâche est rejouée, avec un délai croissant.
ERREURS_PASSAGERES: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    RedisConnectionError,
    KombuOperationalError,
)


class TacheQualite(Task):
    """Tâche de base : relance les erreurs passagères, accusé de réception tardif."""

    autoretry_for = ERREURS_PASSAGERES
    retry_backoff = 5
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5
    acks_late = True
    reject_on_worker_lost = True


app.Task = TacheQualite


# Publication : un seul nouvel essai (après reconnexion), pour qu'une page ne reste jamais bloquée
# quand Redis est arrêté ; la relance périodique prend le relais.
POLITIQUE_PUBLICATION = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def publier(tache: Task, *args) -> bool:
    """Publie la tâche ; False (avertissement au journal, aucune exception) si le courtier est injoignable.

    Sans courtier (CELERY_TASK_ALWAYS_EAGER), la tâche s'exécute ici même et ses erreurs remontent.
    """
    if tache.app.conf.task_always_eager:
        tache.apply_async(args=args)
        return True
    try:
        tache.apply_async(args=args, retry=True, retry_policy=POLITIQUE_PUBLICATION)
    except ERREURS_PASSAGERES as erreur:
        journal.warning("Tâche %s%r non envoyée, courtier injoignable : %s", tache.name, args, erreur)
        return False
    return True


def envoyer_apres_commit(tache: Task, *args, si_envoyee: Callable[[], object] | None = None) -> None:
    """Envoie la tâche une fois la transaction courante validée ; `si_envoyee` note l'envoi réussi.

    Jamais d'exception quand le courtier est injoignable : la page répond, la ligne reste « non envoyée ».
    """

    def envoyer() -> None:
        if publier(tache, *args) and si_envoyee is not None:
            si_envoyee()

    transaction.on_commit(envoyer)


def republier(
    en_attente: models.QuerySet, tache: Task, *, champ: str, creation: str, anciennete_secondes: float
) -> int:
    """Republie la tâche (qui prend l'identifiant) des lignes de `en_attente` jamais confiées au courtier
    (`champ` vide) et créées depuis plus de `anciennete_secondes` ; note l'envoi dans `champ`.

    Renvoie le nombre de tâches envoyées. S'arrête au premier échec : le courtier est encore injoignable.
    """
    limite = timezone.now() - timedelta(seconds=anciennete_secondes)
    a_envoyer = en_attente.filter(**{f"{champ}__isnull": True, f"{creation}__lte": limite}).order_by(creation, "pk")
    envoyes = 0
    for identifiant in a_envoyer.values_list("pk", flat=True):
        if not publier(tache, identifiant):
            break
        a_envoyer.model.objects.filter(pk=identifiant).update(**{champ: timezone.now()})
        envoyes += 1
    return envoyes
