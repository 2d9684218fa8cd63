"""Issue 16, point 7 : références sans collision, SQLite qui attend au lieu d'échouer, 503 sur vraie panne seulement.

Avant la correction : deux créations simultanées recevaient la même référence (IntegrityError, 500) ; deux
écritures simultanées sur SQLite donnaient à l'une la page 503 « base indisponible ».
"""

import sqlite3
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.test import RequestFactory

from plan_actions import services
from plan_actions.models import Action
from plan_actions.tests.factories import ActionFactory
from qualite.middleware import BaseIndisponibleMiddleware


@pytest.mark.django_db
def test_reference_deja_prise_entre_le_calcul_et_l_insertion(monkeypatch):
    """La référence calculée est prise par une création concurrente : la suivante est attribuée."""
    from django.utils import timezone

    annee = timezone.localdate().year
    ActionFactory(reference=f"{annee}-001")
    vraie = services.prochaine_reference
    appels = []

    def en_retard(*, annee):
        appels.append(annee)
        return f"{annee}-001" if len(appels) == 1 else vraie(annee=annee)

    monkeypatch.setattr(services, "prochaine_reference", en_retard)
    action = services.action_creer(intitule="Deuxième")
    assert action.reference == f"{annee}-002" and len(appels) == 2
    assert Action.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_creations_simultanees_sans_collision():
    """Quatre fils créent chacun trois actions en même temps : douze références distinctes (PostgreSQL ou SQLite)."""
    erreurs = []
    depart = threading.Barrier(4)

    def creer():
        try:
            depart.wait()
            for numero in range(3):
                services.action_creer(intitule=f"Action {threading.get_ident()} {numero}")
        except Exception as erreur:
            erreurs.append(erreur)
        finally:
            connections.close_all()

    fils = [threading.Thread(target=creer) for _ in range(4)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert erreurs == []
    references = list(Action.objects.values_list("reference", flat=True))
    assert len(references) == 12 == len(set(references))


def test_sqlite_en_wal_avec_attente(settings):
    reglages = settings.DATABASES["default"]
    if reglages["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite seulement")
    options = reglages["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db
def test_sqlite_connexion_en_wal():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite seulement")
    with connection.cursor() as curseur:
        curseur.execute("PRAGMA journal_mode")
        assert curseur.fetchone()[0].lower() in ("wal", "memory")


@pytest.mark.parametrize(
    ("message", "statut"),
    [
        ("database is locked", None),
        ("could not serialize access due to concurrent update", None),
        ("could not obtain lock on row", None),
        ('connection to server at "10.0.0.1", port 5432 failed: Connection refused', 503),
        ("unable to open database file", 503),
        ("server closed the connection unexpectedly", 503),
    ],
)
def test_page_503_seulement_sur_vraie_panne(message, statut):
    middleware = BaseIndisponibleMiddleware(lambda requete: None)
    reponse = middleware.process_exception(RequestFactory().get("/"), OperationalError(message))
    assert (reponse.status_code if reponse else None) == statut


def test_deux_ecrivains_sqlite_attendent(tmp_path):
    """Avec le busy timeout, le second écrivain attend la fin du premier au lieu d'échouer « database is locked »."""
    chemin = tmp_path / "base.sqlite3"
    premiere = sqlite3.connect(chemin, timeout=5, isolation_level=None)
    premiere.execute("PRAGMA journal_mode=WAL")
    premiere.execute("CREATE TABLE t (x INTEGER)")
    premiere.execute("BEGIN IMMEDIATE")
    premiere.execute("INSERT INTO t VALUES (1)")
    resultat = []

    def ecrire():
        seconde = sqlite3.connect(chemin, timeout=5, isolation_level=None)
        seconde.execute("BEGIN IMMEDIATE")
        seconde.execute("INSERT INTO t VALUES (2)")
        seconde.execute("COMMIT")
        resultat.append(seconde.execute("SELECT COUNT(*) FROM t").fetchone()[0])
        seconde.close()

    fil = threading.Thread(target=ecrire)
    fil.start()
    threading.Event().wait(0.3)
    premiere.execute("COMMIT")
    fil.join(10)
    premiere.close()
    assert resultat == [2]
