"""Le chargement de la démonstration des indicateurs : séries marquées, idempotent (chargée par chaque test)."""

import io

import pytest

from indicateurs import demo
from indicateurs.models import Mesure

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_chargee():
    demo.charger(stdout=io.StringIO())


def test_series_mensuelles_marquees_et_chargement_idempotent(demo_chargee):
    nombre = Mesure.objects.count()
    demo.charger(stdout=io.StringIO())
    assert Mesure.objects.count() == nombre
    mensuelles = Mesure.objects.filter(mois__gt=0)
    assert mensuelles.exists()
    assert not mensuelles.filter(est_demo=False).exists()
    assert not mensuelles.exclude(commentaire=demo.COMMENTAIRE_DEMO).exists()
    # PAN : 2021-2023 mensuel qui somme aux totaux publiés.
    assert Mesure.objects.filter(indicateur__code="pan_frequentation", annee=2021).count() == 12
    assert Mesure.objects.filter(indicateur__code="pan_frequentation", annee=2023).count() == 10
