"""Fixtures communes : réglages de chaque test, vrai worker Celery, Chromium partagé, WebTest.

Greffon : chaque formulaire qu'une vue emploie doit être soumis tel qu'affiché (WebTest) par un test ; la suite
complète échoue sinon (tests_outils/formulaires.py).
"""

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


@pytest.fixture
def app(django_app):
    """Un navigateur WebTest : `app.get(url, user=compte).forms[...]` lit le formulaire rendu, `.submit()` l'envoie
    comme un navigateur (adresse `action`, champs et valeurs par défaut, jeton CSRF vérifié)."""
    return django_app


def pytest_configure(config):
    from tests_outils.formulaires import enregistrer_soumissions

    enregistrer_soumissions()
    config._soumissions_formulaires = set()


def pytest_testnodedown(node, error):
    """xdist : chaque worker renvoie les soumissions qu'il a observées."""
    soumissions = node.workeroutput.get("soumissions_formulaires", [])
    node.config._soumissions_formulaires.update(tuple(s) for s in soumissions)


def _suite_complete(session) -> bool:
    options = session.config.option
    return (
        session.config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not options.keyword
        and not (options.markexpr and not options.markexpr.strip().startswith("not "))
        and not getattr(options, "lf", False)
        and session.testsfailed == 0
        and not session.shouldfail
    )


def pytest_sessionfinish(session, exitstatus):
    from tests_outils.formulaires import SOUMISSIONS, verifier_couverture

    config = session.config
    if hasattr(config, "workeroutput"):
        config.workeroutput["soumissions_formulaires"] = sorted(SOUMISSIONS)
        return
    config._soumissions_formulaires.update(SOUMISSIONS)
    if exitstatus != 0 or not _suite_complete(session):
        return
    manquants = verifier_couverture(config._soumissions_formulaires)
    if manquants:
        rapport = config.pluginmanager.get_plugin("terminalreporter")
        lignes = "\n".join(f"  - {ligne}" for ligne in manquants)
        texte = f"Formulaires qu'aucun test ne soumet par leur page (WebTest `.forms[...].submit()`) :\n{lignes}"
        if rapport:
            rapport.write_sep("=", "formulaires non soumis", red=True)
            rapport.write_line(texte)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
