"""Fixtures communes : réglages de chaque test, vrai worker Celery, Chromium partagé."""

import os

import pytest
from django.core.cache import cache

# Playwright (API synchrone) tourne dans une boucle asyncio : Django doit l'accepter dans les tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _jamais_transactionnel_dans_une_transaction_de_module(request):
    """Un test transactionnel vide la base : jamais au milieu d'une transaction de module (tests_outils.transaction)."""
    marqueur = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marqueur is not None and marqueur.kwargs.get("transaction", False)
    ):
        from django.db import connection

        assert not connection.in_atomic_block, "test transactionnel dans un module aux données partagées"


@pytest.fixture(autouse=True)
def _reglages_de_test(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


@pytest.fixture
def worker_celery(transactional_db):
    """Un vrai worker Celery (autre processus) relié à un vrai Redis et à la base de test.

    Renvoie un objet qui sait (re)démarrer et tuer le worker : les tests de résilience s'en servent.
    """
    from tests_outils.worker import worker_pret

    with worker_pret() as worker:
        yield worker


@pytest.fixture(scope="session")
def chromium_partage():
    """Un Chromium par processus de test ; chaque test ouvre son propre contexte (cookies séparés)."""
    from tests_outils.navigateur import chromium

    with chromium() as navigateur:
        yield navigateur


@pytest.fixture
def navigateur(chromium_partage):
    from tests_outils.navigateur import contexte

    with contexte(chromium_partage) as ctx:
        yield ctx
