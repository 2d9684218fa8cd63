"""Celery : envoi après validation, tâche de base, et un vrai worker relié à un vrai Redis."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from organisation.models import Courriel
from organisation.services.courriels import courriel_programmer, courriel_relancer_non_envoyes
from organisation.tasks import envoyer_courriel, relancer_courriels_non_envoyes
from organisation.tests.factories import CourrielFactory
from qualite.celery import TacheQualite, app, envoyer_apres_commit
from tests_outils.courtier import simuler_courtier
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


@pytest.mark.parametrize("joignable", [True, False])
def test_envoi_apres_validation_note_la_reussite_et_ne_leve_jamais(
    joignable, db, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    envois = simuler_courtier(monkeypatch, envoyer_courriel, joignable=joignable)
    notes = []
    with django_capture_on_commit_callbacks(execute=True):
        envoyer_apres_commit(envoyer_courriel, 7, si_envoyee=lambda: notes.append("envoyée"))
    assert notes == (["envoyée"] if joignable else [])
    assert envois == ([("organisation.tasks.envoyer_courriel", (7,))] if joignable else [])
    assert ("non envoyée, courtier injoignable" in caplog.text) is not joignable


@pytest.mark.django_db(transaction=True)
def test_courriel_programme_courtier_injoignable_puis_relance(monkeypatch):
    simuler_courtier(monkeypatch, envoyer_courriel, joignable=False)
    courriel, cree = courriel_programmer(destinataires=["a@x.invalid"], sujet="Objet", corps="Texte")
    assert cree
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tache_envoyee_le) == ("en_attente", None)
    assert courriel_relancer_non_envoyes(anciennete_secondes=0) == 0  # toujours injoignable

    envois = simuler_courtier(monkeypatch, envoyer_courriel)  # Redis est revenu
    assert courriel_relancer_non_envoyes(anciennete_secondes=0) == 1
    assert envois == [("organisation.tasks.envoyer_courriel", (courriel.pk,))]
    courriel.refresh_from_db()
    assert courriel.tache_envoyee_le is not None
    assert courriel_relancer_non_envoyes(anciennete_secondes=0) == 0


def test_relance_des_courriels_seulement_non_envoyes_et_assez_anciens(db, monkeypatch, settings):
    envois = simuler_courtier(monkeypatch, envoyer_courriel)
    ancien = timezone.now() - timedelta(minutes=5)
    a_relancer = CourrielFactory()
    deja_envoye = CourrielFactory(tache_envoyee_le=ancien)
    parti = CourrielFactory(envoye=True)
    Courriel.objects.filter(pk__in=[a_relancer.pk, deja_envoye.pk, parti.pk]).update(cree_le=ancien)
    CourrielFactory()  # récent : l'envoi normal est peut-être en cours

    settings.QUALITE_RELANCE_ANCIENNETE_SECONDES = 30
    assert relancer_courriels_non_envoyes.apply().get() == 1
    assert envois == [("organisation.tasks.envoyer_courriel", (a_relancer.pk,))]
    assert "organisation-relance-courriels-non-envoyes" in settings.CELERY_BEAT_SCHEDULE


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
