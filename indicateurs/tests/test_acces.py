"""Destinataires des rappels de mesure (indicateurs.acces) : les correspondants du recueil et les référents."""

import pytest

from indicateurs import acces
from organisation.tests.factories import ServiceFactory, UtilisateurFactory

from .factories import IndicateurFactory

pytestmark = pytest.mark.django_db


def test_destinataires_des_rappels():
    service = ServiceFactory()
    correspondant = UtilisateurFactory(username="corr", correspondant=True, services=[service])
    UtilisateurFactory(username="parti", correspondant=True, services=[service], is_active=False)
    referente = UtilisateurFactory(username="referente", referent=True)
    UtilisateurFactory(username="admin", administrateur=True)
    assert acces.correspondants_a_rappeler(IndicateurFactory(service_recueil=service)) == [correspondant]
    assert acces.correspondants_a_rappeler(IndicateurFactory(service_recueil=None)) == []
    assert list(acces.referents_a_rappeler()) == [referente]
