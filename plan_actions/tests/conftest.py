"""Comptes et service communs aux tests du plan d'actions."""

import pytest

from organisation.tests.factories import ServiceFactory, UtilisateurFactory


@pytest.fixture
def service():
    return ServiceFactory(nom="Pôle accueil téléphonique")


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


@pytest.fixture
def correspondant(service):
    return UtilisateurFactory(correspondant=True, services=[service])
