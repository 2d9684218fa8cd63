import datetime

import pytest
from django.core import mail

from organisation.models import Courriel
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.models import Statut
from plan_actions.services import relances_envoyer
from plan_actions.tasks import relances_quotidiennes

from .factories import ActionFactory

pytestmark = pytest.mark.django_db

LUNDI = datetime.date(2023, 11, 20)


@pytest.fixture
def plan():
    responsable = UtilisateurFactory(username="resp", email="resp@prefecture.invalid")
    correspondant = UtilisateurFactory(username="corr", correspondant=True, email="corr@prefecture.invalid")
    service = ServiceFactory()
    correspondant.services.set([service])
    UtilisateurFactory(username="ref", referent=True, email="ref@prefecture.invalid")
    return {
        "j7": ActionFactory(
            reference="2023-007", echeance=LUNDI + datetime.timedelta(days=7), responsables=[responsable]
        ),
        "j1": ActionFactory(
            reference="2023-001", echeance=LUNDI + datetime.timedelta(days=1), responsables=[responsable]
        ),
        "retard": ActionFactory(
            reference="2023-099", echeance=LUNDI - datetime.timedelta(days=3), service_pilote=service
        ),
        "j3": ActionFactory(
            reference="2023-003", echeance=LUNDI + datetime.timedelta(days=3), responsables=[responsable]
        ),
        "realisee": ActionFactory(
            reference="2023-050",
            echeance=LUNDI - datetime.timedelta(days=3),
            statut=Statut.REALISEE,
            responsables=[responsable],
        ),
    }


def _sujets():
    return sorted(message.subject for message in mail.outbox)


def test_relances_du_jour_puis_rien_le_meme_jour(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bilan = relances_envoyer(aujourdhui=LUNDI)
    assert bilan.programmes == 4
    assert _sujets() == [
        "Plan d'actions 2023-001 : échéance demain",
        "Plan d'actions 2023-007 : échéance dans 7 jours",
        "Plan d'actions 2023-099 : échéance dépassée",
        "Plan d'actions : synthèse de la semaine 47",
    ]
    retard = next(m for m in mail.outbox if "2023-099" in m.subject)
    assert retard.to == ["corr@prefecture.invalid"]  # pas de responsable : les correspondants du service
    assert Courriel.objects.filter(statut=Courriel.Statut.ENVOYE).count() == 4
    # Deuxième passage le même jour simulé : rien de plus.
    with django_capture_on_commit_callbacks(execute=True):
        bilan = relances_envoyer(aujourdhui=LUNDI)
    assert (bilan.programmes, bilan.deja_envoyes) == (0, 4)
    assert len(mail.outbox) == 4


def test_retard_signale_une_seule_fois_et_synthese_une_fois_par_semaine(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        relances_envoyer(aujourdhui=LUNDI)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        relances_envoyer(aujourdhui=LUNDI + datetime.timedelta(days=2))
    # Mercredi : 2023-001 passe en retard, 2023-003 est pour demain ; 2023-099 déjà signalé,
    # synthèse déjà faite cette semaine.
    assert _sujets() == ["Plan d'actions 2023-001 : échéance dépassée", "Plan d'actions 2023-003 : échéance demain"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        relances_envoyer(aujourdhui=LUNDI + datetime.timedelta(days=7))
    assert "Plan d'actions : synthèse de la semaine 48" in _sujets()


def test_echeance_reportee_relance_de_nouveau(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        relances_envoyer(aujourdhui=LUNDI)
    action = plan["retard"]
    action.echeance = LUNDI - datetime.timedelta(days=1)
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert relances_envoyer(aujourdhui=LUNDI).programmes == 1


def test_tache_quotidienne_appelle_le_service(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert relances_quotidiennes.apply().get() >= 1


def test_beat_quotidien_configure(settings):
    entree = settings.CELERY_BEAT_SCHEDULE["plan_actions-relances"]
    assert entree["task"] == "plan_actions.tasks.relances_quotidiennes"
