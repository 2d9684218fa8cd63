"""Le chargement de la démonstration des engagements : idempotent, liens aux services existants seulement."""

import datetime
import io

import pytest

from organisation.demo import site_principal
from organisation.tests.factories import ServiceFactory

from .. import demo, selectors
from ..models import CycleLabel, Engagement, EvenementLabel

pytestmark = pytest.mark.django_db


def _charger():
    sortie = io.StringIO()
    demo.charger(stdout=sortie)
    return sortie.getvalue()


def test_cycle_perimetre_historique_et_idempotence():
    _charger()
    _charger()
    site = site_principal()  # le site de la démonstration (get_or_create)
    cycle = CycleLabel.objects.filter(site=site).order_by("date_obtention").first()
    assert str(cycle.date_obtention) == "2019-12-18"
    perimetre = selectors.perimetre_en_cours(site=site)
    assert [m.numero for m in perimetre.modules.all()] == [1, 7]
    assert selectors.engagements_du_perimetre(perimetre).count() == 24
    assert EvenementLabel.objects.count() == 8
    assert not EvenementLabel.objects.filter(remarque__contains=".csv").exists()
    assert EvenementLabel.objects.get(libelle="Audit de suivi (confirmation)").remarque == (
        "audit externe ; label confirmé"
    )
    assert list(cycle.echeances.values_list("type", "date_prevue")) == [
        ("labellisation", datetime.date(2019, 11, 1)),
        ("suivi", datetime.date(2021, 9, 1)),
        ("renouvellement", datetime.date(2023, 1, 1)),
    ]
    assert Engagement.objects.filter(referentiel__est_demo=False).count() == 32
    assert Engagement.objects.filter(referentiel__est_demo=True).count() == 17  # le Quali-ATE de démonstration
    assert not cycle.echeances.filter(precision_mois=False).exists()


def test_services_concernes_seulement_s_ils_existent():
    site = site_principal()
    telephonie = ServiceFactory(nom="Pôle accueil téléphonique", site=site)
    sortie = _charger()
    assert "3 liens engagement–service concerné" in sortie
    assert sorted(telephonie.engagements.values_list("numero", flat=True)) == [8, 9, 10]
    _charger()
    assert telephonie.engagements.count() == 3
