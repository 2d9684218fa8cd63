"""Les formulaires du bilan soumis tels qu'affichés (WebTest) : demande d'un PDF, texte de l'année."""

import pytest
from django.urls import reverse

from bilan.models import DemandeBilan, Narratif
from organisation.tests.factories import UtilisateurFactory
from tests_outils.formulaires import soumettre

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_demander_un_bilan_depuis_la_page(app, referent):
    reponse = soumettre(app, reverse("bilan:demande_list"), referent, {"annee": "2023", "edition": "clu"})
    assert reponse.status_code == 302
    demande = DemandeBilan.objects.get()
    assert (demande.annee, demande.edition, demande.demandeur) == (2023, "clu", referent)


def test_rediger_le_texte_de_l_annee(app, referent):
    url = reverse("bilan:narratif_modifier", args=[2024])
    reponse = soumettre(app, url, referent, {"introduction": "Intro 2024", "perspectives": "Suite"})
    assert reponse.status_code == 302
    narratif = Narratif.objects.get(annee=2024)
    assert (narratif.introduction, narratif.perspectives) == ("Intro 2024", "Suite")
