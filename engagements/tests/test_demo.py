import csv
import datetime
import io
from pathlib import Path

import pytest

from organisation.tests.factories import ServiceFactory, SiteFactory

from .. import demo, selectors
from ..models import CycleLabel, Engagement, EvenementLabel, Module, Referentiel

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[1] / "donnees" / "engagements_modules_1_et_7.csv"


def _charger():
    sortie = io.StringIO()
    demo.charger(stdout=sortie)
    return sortie.getvalue()


def test_qual_e_pref_mot_pour_mot():
    _charger()
    referentiel = Referentiel.objects.get(code="qual-e-pref")
    assert referentiel.modules.count() == 8
    assert referentiel.modules.get(numero=1).type == Module.Type.OBLIGATOIRE
    assert referentiel.modules.get(numero=7).titre == "Communication d'urgence en cas d'événement majeur"
    with open(SOURCE, encoding="utf-8") as fichier:
        attendus = [(int(lg["module"]), int(lg["numero"]), lg["engagement"]) for lg in csv.DictReader(fichier)]
    obtenus = list(
        referentiel.engagements.order_by("module__numero", "numero").values_list("module__numero", "numero", "libelle")
    )
    assert obtenus == attendus
    assert referentiel.engagements.filter(module__numero=1).count() == 20
    assert referentiel.engagements.filter(module__numero=7).count() == 4
    assert not referentiel.engagements.filter(module__numero__in=[2, 3, 4, 5, 6, 8]).exists()
    assert referentiel.engagements.get(module__numero=7, numero=4).libelle == (
        "En cas de besoin, nous activons la cellule d'information du public "
        "à l'aide du numéro unique sur ordre du préfet"
    )


def test_autres_referentiels():
    _charger()
    sp_plus = Referentiel.objects.get(code="services-publics-plus")
    assert sp_plus.engagements.filter(module__isnull=True).count() == 8
    assert not sp_plus.modules.exists()
    quali_ate = Referentiel.objects.get(code="quali-ate")
    assert list(quali_ate.modules.values_list("type", "titre")) == [
        ("socle", ""),
        ("socle", ""),
        ("metier", ""),
        ("metier", ""),
    ]
    assert not quali_ate.engagements.exists()


def test_cycle_perimetre_historique_et_idempotence():
    _charger()
    _charger()
    site = SiteFactory()  # get_or_create par le nom
    cycle = CycleLabel.objects.get(site=site)
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
    assert Engagement.objects.count() == 32
    assert not cycle.echeances.filter(precision_mois=False).exists()


def test_services_concernes_seulement_s_ils_existent():
    site = SiteFactory()
    telephonie = ServiceFactory(nom="Pôle accueil téléphonique", site=site)
    sortie = _charger()
    assert "3 liens engagement–service concerné" in sortie
    assert sorted(telephonie.engagements.values_list("numero", flat=True)) == [8, 9, 10]
    _charger()
    assert telephonie.engagements.count() == 3
