"""Application Celery de qualite.

Les tâches sont minces : elles prennent un identifiant et appellent un service.
On les envoie après la validation de la transaction (`envoyer_apres_commit`).
"""

import os

from celery import Celery, Task
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualite.settings")

app = Celery("qualite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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


def envoyer_apres_commit(tache: Task, *args, **kwargs) -> None:
    """Envoie la tâche une fois la transaction courante validée."""
    transaction.on_commit(lambda: tache.delay(*args, **kwargs))
