"""Celery : envoi après validation, tâche de base, et un vrai worker relié à un vrai Redis."""

import pytest
from django.core import mail

from qualite.celery import TacheQualite, app
from qualite.models import Courriel
from qualite.services import courriel_programmer
from tests_outils.worker import attendre


def test_reglages_de_fiabilite():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.broker_transport_options["visibility_timeout"] <= 600
    assert issubclass(app.Task, TacheQualite)
    assert ConnectionError in TacheQualite.autoretry_for


def test_courriel_envoye_apres_validation_seulement(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        courriel, cree = courriel_programmer(destinataires=["a@x.invalid"], sujet="Objet", corps="Texte")
    assert cree and len(rappels) == 1
    assert len(mail.outbox) == 0
    rappels[0]()
    courriel.refresh_from_db()
    assert courriel.statut == Courriel.Statut.ENVOYE
    assert [m.subject for m in mail.outbox] == ["Objet"]


def test_courriel_avec_cle_programme_une_seule_fois(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        courriel_programmer(destinataires=["a@x.invalid"], sujet="Relance", corps="…", cle="relance:1")
        _, cree = courriel_programmer(destinataires=["a@x.invalid"], sujet="Relance", corps="…", cle="relance:1")
    assert cree is False
    assert Courriel.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.celery_reel
def test_un_vrai_worker_traite_la_tache_via_redis(worker_celery):
    worker_celery.demarrer()
    courriel, _ = courriel_programmer(destinataires=["referent@x.invalid"], sujet="Par Redis", corps="Bonjour")

    def envoye() -> bool:
        courriel.refresh_from_db()
        return courriel.statut == Courriel.Statut.ENVOYE

    assert attendre(envoye, delai=60), f"tâche non traitée par le worker :\n{worker_celery.lire_journal()}"
    # Envoyé par le worker (autre processus), pas par ce processus.
    assert len(mail.outbox) == 0
