"""Préparation d'audit : les critères des audits et du plan d'actions s'ajoutent à ceux des engagements."""

import datetime

from audits.models import Etat
from audits.tests.factories import ConstatFactory
from engagements.preparation import criteres
from engagements.tests.factories import EngagementFactory
from plan_actions.models import Statut
from plan_actions.tests.factories import ActionFactory

AUJOURDHUI = datetime.date(2026, 11, 22)


def _critere(cle):
    return next(critere for critere in criteres() if critere.cle == cle)


def test_criteres_enregistres_par_les_couches_superieures():
    cles = [critere.cle for critere in criteres()]
    assert cles.index("constats_ouverts") < cles.index("actions_en_retard")


def test_constats_ouverts_par_engagement(db):
    engagement, autre = EngagementFactory(), EngagementFactory()
    ConstatFactory(engagement=engagement)
    ConstatFactory(engagement=engagement)
    ConstatFactory(engagement=autre, etat=Etat.TRAITE)
    resultat = _critere("constats_ouverts").fonction(engagement.__class__.objects.all(), AUJOURDHUI)
    assert resultat == {engagement.pk: "2 constats ouverts"}


def test_actions_en_retard_par_engagement(db):
    engagement = EngagementFactory()
    ActionFactory(statut=Statut.EN_COURS, echeance=AUJOURDHUI - datetime.timedelta(days=1), engagements=[engagement])
    ActionFactory(statut=Statut.EN_COURS, echeance=AUJOURDHUI + datetime.timedelta(days=3), engagements=[engagement])
    ActionFactory(statut=Statut.REALISEE, echeance=AUJOURDHUI - datetime.timedelta(days=10), engagements=[engagement])
    resultat = _critere("actions_en_retard").fonction(engagement.__class__.objects.all(), AUJOURDHUI)
    assert resultat == {engagement.pk: "1 action en retard"}
