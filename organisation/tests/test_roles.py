"""Les prédicats de rôle (organisation.acces), seul endroit où un rôle est lu."""

import pytest

from organisation.acces import (
    correspondants_actifs,
    est_membre_copil,
    est_referent_qualite,
    referents_qualite,
    suit_des_services,
)
from organisation.models import Role

from .factories import ServiceFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("traits", "referent_qualite", "membre_copil"),
    [
        ({"referent": True}, True, False),
        ({"administrateur": True}, False, False),
        ({}, False, True),
        ({"correspondant": True, "services": []}, False, False),
        ({"auditeur": True}, False, False),
    ],
)
def test_predicats(traits, referent_qualite, membre_copil):
    utilisateur = UtilisateurFactory(**traits)
    assert est_referent_qualite(utilisateur) is referent_qualite
    assert est_membre_copil(utilisateur) is membre_copil
    utilisateur.is_active = False
    assert not est_referent_qualite(utilisateur) and not est_membre_copil(utilisateur)


@pytest.mark.parametrize(("role", "suit"), [(role, role == Role.CORRESPONDANT) for role in Role.values])
def test_seul_le_correspondant_suit_des_services(role, suit):
    assert suit_des_services(role) is suit


def test_listes_de_comptes_par_role():
    referente = UtilisateurFactory(username="referente", referent=True)
    UtilisateurFactory(username="ancienne", referent=True, is_active=False)
    UtilisateurFactory(username="admin", administrateur=True)
    correspondant = UtilisateurFactory(username="corr", correspondant=True, services=[ServiceFactory()])
    UtilisateurFactory(username="corr-parti", correspondant=True, services=[ServiceFactory()], is_active=False)
    assert list(referents_qualite()) == [referente]
    assert list(correspondants_actifs()) == [correspondant]
