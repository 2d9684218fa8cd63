"""Fixtures communes : un utilisateur par rôle, le « monde » de la matrice des permissions."""

import os

import pytest
from django.core.cache import cache

# Playwright (API synchrone) tourne dans une boucle asyncio : Django doit l'accepter dans les tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _reglages_de_test(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture
def monde(db):
    from qualite.tests.matrice import construire_monde

    return construire_monde()
