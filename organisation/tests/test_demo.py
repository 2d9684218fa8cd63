"""La démonstration de l'organisation : les chiffres du bilan (chargée une fois pour le module, lue seulement)."""

import datetime

import pytest

from organisation import demo
from organisation.models import Service, Utilisateur
from organisation.selectors import dates_effectifs, organisation_a_date
from tests_outils.demo import fixture_demo

pytestmark = pytest.mark.django_db

FIN_2022 = datetime.date(2022, 12, 31)

demo_chargee = fixture_demo(demo.charger)


def test_demo_donne_181_agents_113_plus_68_et_33_services(demo_chargee):
    organisation = organisation_a_date(FIN_2022)
    assert [e.service.nom for e in organisation.entites] == ["Préfecture", "SGCD"]
    assert [e.total for e in organisation.entites] == [113, 68]
    assert organisation.total == 181
    assert organisation.decomposition == "113 + 68"
    assert len(organisation.feuilles) == 33
    assert dates_effectifs() == [FIN_2022]


def test_demo_rattache_le_correspondant_au_pole_accueil_telephonique(demo_chargee):
    correspondant = Utilisateur.objects.get(username="correspondant")
    assert [s.nom for s in correspondant.services.all()] == ["Pôle accueil téléphonique"]


def test_sous_totaux_par_direction(demo_chargee):
    organisation = organisation_a_date(FIN_2022)
    directions = {n.service.nom: n.total for n in organisation.lignes if n.service.niveau == Service.Niveau.DIRECTION}
    # Calculés à la main depuis le fichier : 1 + 11 + 19 + 7 + 3 + 3 et 3 + 5.
    assert directions["Direction de la citoyenneté et de l'immigration (DCI)"] == 44
    assert directions["Direction"] == 8
    assert directions["Corps préfectoral"] == 3
