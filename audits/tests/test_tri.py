"""Écran de tri des constats d'un audit : rang, précédent, suivant et prochain constat ouvert."""

import pytest
from django.urls import reverse

from audits.models import Etat
from audits.selectors import tri_des_constats
from organisation.tests.factories import PrefectureFactory, UtilisateurFactory

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def constats():
    audit = AuditFactory()
    return [
        ConstatFactory(audit=audit, numero=1, etat=Etat.TRAITE),
        ConstatFactory(audit=audit, numero=2),
        ConstatFactory(audit=audit, numero=3, etat=Etat.TRAITE),
        ConstatFactory(audit=audit, numero=4, etat=Etat.TRAITE),
        ConstatFactory(audit=audit, numero=5),
    ]


def test_tri_depuis_le_deuxieme(constats, django_assert_num_queries):
    with django_assert_num_queries(1):
        tri = tri_des_constats(constats[1])
    assert (tri.rang, tri.total, tri.restants) == (2, 5, 2)
    assert (tri.precedent, tri.suivant, tri.suivant_a_trier) == (constats[0].pk, constats[2].pk, constats[4].pk)


def test_tri_depuis_le_dernier_revient_au_premier_ouvert(constats):
    tri = tri_des_constats(constats[4])
    assert tri.suivant is None and tri.suivant_a_trier == constats[1].pk


def test_l_ecran_de_tri_mene_au_constat_suivant(app, constats):
    PrefectureFactory()
    referent = UtilisateurFactory(referent=True)
    audit_page = app.get(reverse("audits:audit_detail", args=[constats[0].audit_id]), user=referent)
    page = audit_page.click("Trier les constats ouverts")
    assert page.request.path == reverse("audits:constat_detail", args=[constats[1].pk])
    assert "Constat 2 sur 5 de l'audit — 2 constats encore ouverts (suite à décider)." in page.html.get_text(" ")
    assert page.click("Constat suivant").request.path == reverse("audits:constat_detail", args=[constats[2].pk])
    ouvert = page.click("Constat ouvert suivant")
    assert ouvert.request.path == reverse("audits:constat_detail", args=[constats[4].pk])
    # Du dernier, le prochain constat ouvert est repris au début de l'audit.
    assert ouvert.click("Constat ouvert suivant").request.path == reverse(
        "audits:constat_detail", args=[constats[1].pk]
    )
    assert ouvert.click("Constat précédent").request.path == reverse("audits:constat_detail", args=[constats[3].pk])
