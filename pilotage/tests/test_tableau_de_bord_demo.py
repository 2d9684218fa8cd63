"""Tableau de bord sur la démonstration, chargée une fois pour le module (les tests la lisent seulement)."""

import pytest
from django.urls import reverse

from organisation.tests.factories import UtilisateurFactory
from pilotage.tests.chiffres import verifier_chaque_chiffre
from tests_outils.demo import fixture_demo

pytestmark = pytest.mark.django_db

demo = fixture_demo()


def test_chaque_chiffre_egale_la_liste_liee_sur_la_demo(client, demo):
    client.force_login(UtilisateurFactory(referent=True))
    assert verifier_chaque_chiffre(client, f"{reverse('accueil')}?annee=2023") >= 20


def test_synthese_de_l_enquete_sur_la_demo(client, demo):
    client.force_login(UtilisateurFactory())
    contenu = client.get(f"{reverse('accueil')}?annee=2023").content.decode()
    assert 'data-chiffre="enquete">26\u00a0%</a>' in contenu
    assert "Plus forte progression : Accueil téléphonique, 68\u00a0% → 93\u00a0% (+25\u00a0pts)" in contenu
    assert "Plus forte baisse : Confort des espaces d&#x27;attente et d&#x27;accueil" in contenu
