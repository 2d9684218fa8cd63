"""Le diaporama lit le contenu du bilan et quelques requêtes de plus (auteur, identité, prochain audit), en nombre
constant : autant sur une base vide que sur la démonstration, quel que soit le nombre d'indicateurs ou d'actions."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bilan.contenu import contenu_bilan
from bilan.presentation.contenu import presentation

pytestmark = pytest.mark.django_db

EN_PLUS = 5


def _requetes_en_plus() -> int:
    with CaptureQueriesContext(connection) as bilan:
        contenu_bilan(2023, "copil")
    with CaptureQueriesContext(connection) as diaporama:
        presentation(2023, "copil")
    return len(diaporama.captured_queries) - len(bilan.captured_queries)


def test_requetes_en_plus_du_bilan_en_nombre_constant():
    vide = _requetes_en_plus()
    call_command("charger_demo", stdout=io.StringIO())
    demo = _requetes_en_plus()
    assert demo <= EN_PLUS and vide <= EN_PLUS, (vide, demo)
