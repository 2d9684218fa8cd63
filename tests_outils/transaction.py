"""Des données construites une fois pour tout un module de tests, dans une transaction annulée à la fin."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.test import override_settings


@contextmanager
def transaction_du_module(django_db_blocker, media: Path) -> Iterator[None]:
    """Une transaction ouverte pendant tout le bloc (fixture de module), annulée à sa sortie ; fichiers dans `media`.

    Chaque test du module prend la fixture `db` : pytest-django ouvre pour lui un point de sauvegarde dans cette
    transaction et l'annule à sa fin, si bien qu'aucun test ne voit les écritures d'un autre. Jamais de test
    transactionnel dans un tel module (`transactional_db`, `live_server`, vrai worker) : il viderait la base au
    milieu de la transaction (le conftest racine le refuse).
    """
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
