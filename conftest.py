"""Fixtures communes : réglages de chaque test, vrai worker Celery, Chromium partagé."""

import os

import pytest
from django.core.cache import cache

# Playwright (API synchrone) tourne dans une boucle asyncio : Django doit l'accepter dans les tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
