"""Quelles sollicitations d'une page du registre un compte peut modifier (enquetes.acces)."""

import pytest

from enquetes import acces
from organisation.tests.factories import ServiceFactory, UtilisateurFactory

from .factories import SollicitationFactory

pytestmark = pytest.mark.django_db


def test_sollicitations_modifiables_selon_le_role(django_assert_max_num_queries):
    suivi, autre = ServiceFactory(), ServiceFactory()
    a_lui = SollicitationFactory(service=suivi)
    ailleurs = SollicitationFactory(service=autre)
    sans_service = SollicitationFactory(service=None)
    page = [a_lui, ailleurs, sans_service]
    referente = UtilisateurFactory(username="referente", referent=True)
    correspondant = UtilisateurFactory(username="corr", correspondant=True, services=[suivi])
    assert acces.sollicitations_modifiables(referente, page) == {a_lui.pk, ailleurs.pk, sans_service.pk}
    with django_assert_max_num_queries(1):
        assert acces.sollicitations_modifiables(correspondant, page) == {a_lui.pk}
    assert acces.sollicitations_modifiables(UtilisateurFactory(username="copil"), page) == set()
    # La même règle que pour ouvrir le formulaire d'une sollicitation.
    for sollicitation in page:
        peut = sollicitation.pk in acces.sollicitations_modifiables(correspondant, page)
        if peut:
            assert acces.sollicitation_modifiable(correspondant, sollicitation.pk) == sollicitation
