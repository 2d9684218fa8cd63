"""Règles d'accès du plan d'actions ajoutées à acces.py : responsables proposés, destinataires des relances."""

import pytest

from organisation.tests.factories import UtilisateurFactory
from plan_actions import acces

pytestmark = pytest.mark.django_db


def test_responsables_possibles_sans_auditeur_ni_compte_inactif():
    referente = UtilisateurFactory(username="referente", referent=True)
    copil = UtilisateurFactory(username="copil")
    UtilisateurFactory(username="auditeur", auditeur=True)
    UtilisateurFactory(username="parti", is_active=False)
    assert set(acces.responsables_possibles()) == {referente, copil}


def test_referents_a_relancer():
    referente = UtilisateurFactory(username="referente", referent=True)
    UtilisateurFactory(username="admin", administrateur=True)
    assert list(acces.referents_a_relancer()) == [referente]
