"""Rappel du 10 : mesures mensuelles manquantes, courriel idempotent."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail

from indicateurs import services, tasks
from organisation.models import Courriel
from organisation.tests.factories import ServiceFactory, UtilisateurFactory

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contexte(django_capture_on_commit_callbacks):
    service = ServiceFactory()
    UtilisateurFactory(username="corr", email="corr@p.invalid", correspondant=True, services=[service])
    UtilisateurFactory(username="corr_autre", email="autre@p.invalid", correspondant=True, services=[ServiceFactory()])
    UtilisateurFactory(username="ref", email="ref@p.invalid", referent=True)
    manquant = IndicateurFactory(code="manquant", libelle="Taux manquant", service_recueil=service)
    saisi = IndicateurFactory(code="saisi", service_recueil=service)
    MesureFactory(indicateur=saisi, annee=2023, mois=10)
    IndicateurFactory(code="annuel", annuel=True)
    IndicateurFactory(code="termine", date_fin=date(2023, 6, 30))
    return manquant


def test_rappel_a_partir_du_10_un_seul_courriel(contexte, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rappels_mesures_manquantes(aujourdhui=date(2023, 11, 10)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rappels_mesures_manquantes(aujourdhui=date(2023, 11, 10)) == 0
        assert services.rappels_mesures_manquantes(aujourdhui=date(2023, 11, 11)) == 0
    courriel = Courriel.objects.get()
    assert courriel.cle == f"rappel-mesure:{contexte.pk}:2023-10"
    assert courriel.destinataires == ["corr@p.invalid", "ref@p.invalid"]
    assert "octobre 2023" in courriel.sujet
    assert len(mail.outbox) == 1


def test_pas_de_rappel_avant_le_10(contexte):
    assert services.rappels_mesures_manquantes(aujourdhui=date(2023, 11, 9)) == 0
    assert not Courriel.objects.exists()


def test_janvier_rappelle_decembre(contexte):
    services.rappels_mesures_manquantes(aujourdhui=date(2024, 1, 15))
    assert Courriel.objects.filter(cle__endswith=":2023-12").count() == 2  # manquant et saisi


def test_tache_beat_declaree_et_mince(contexte, monkeypatch):
    assert settings.CELERY_BEAT_SCHEDULE["indicateurs-rappels-mesures"]["task"] == (
        "indicateurs.tasks.rappeler_mesures_manquantes"
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2023, 11, 12))
    assert tasks.rappeler_mesures_manquantes() == 1
