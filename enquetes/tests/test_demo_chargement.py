"""Le chargement de la démonstration des enquêtes : idempotent (chaque test la charge lui-même)."""

import io

import pytest

from enquetes import demo
from enquetes.models import EnqueteMystere, Sollicitation
from indicateurs import demo as demo_indicateurs
from indicateurs.models import Mesure

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_chargee():
    demo_indicateurs.charger(stdout=io.StringIO())
    demo.charger(stdout=io.StringIO())


def test_demo_idempotente(demo_chargee):
    nombres = (Sollicitation.objects.count(), EnqueteMystere.objects.count(), Mesure.objects.count())
    demo.charger(stdout=io.StringIO())
    assert (Sollicitation.objects.count(), EnqueteMystere.objects.count(), Mesure.objects.count()) == nombres
