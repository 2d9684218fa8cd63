import io

import pytest

from audits import demo, selectors
from audits.models import Audit, Conclusion, Constat, TypeAudit
from engagements.models import CycleLabel, Module, Perimetre, Referentiel
from engagements.tests.factories import ReferentielFactory

pytestmark = pytest.mark.django_db


def test_demo_idempotente_et_fidele_a_la_seed():
    demo.charger(stdout=io.StringIO())
    sortie = io.StringIO()
    demo.charger(stdout=sortie)

    assert Referentiel.objects.filter(code="qual-e-pref").count() == 1
    # Le renouvellement de janvier 2023 ouvre un second cycle, au même périmètre (copié).
    assert Module.objects.count() == 2 and CycleLabel.objects.count() == 2 and Perimetre.objects.count() == 2
    assert list(Audit.objects.order_by("date_debut").values_list("type", "conclusion")) == [
        (TypeAudit.LABELLISATION, Conclusion.ACCORDE),
        (TypeAudit.SUIVI, Conclusion.MAINTENU),
        (TypeAudit.RENOUVELLEMENT, Conclusion.ACCORDE),
    ]
    assert not Audit.objects.exclude(organisme="").exists()
    assert Constat.objects.count() == 17
    renouvellement = Audit.objects.get(type=TypeAudit.RENOUVELLEMENT)
    assert selectors.constats_par_nature(renouvellement) == {"point_sensible": 3, "piste_progres": 8, "point_fort": 6}
    assert selectors.dernier_audit() == renouvellement
    assert "17 inchangés" in sortie.getvalue()


def test_demo_reutilise_le_referentiel_existant():
    referentiel = ReferentielFactory(code="qual-e-pref", version="2019")
    demo.charger(stdout=io.StringIO())
    assert Referentiel.objects.get() == referentiel
    assert Audit.objects.filter(referentiel=referentiel).count() == 3
