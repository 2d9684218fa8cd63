import datetime

import pytest

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("date_debut", "au_mois", "attendu"),
    [
        (datetime.date(2023, 1, 16), False, "Audit de renouvellement du 16/01/2023"),
        (datetime.date(2019, 11, 1), True, "Audit de renouvellement de novembre 2019"),
        (datetime.date(2022, 8, 1), True, "Audit de renouvellement d'août 2022"),
        (datetime.date(2021, 4, 1), True, "Audit de renouvellement d'avril 2021"),
    ],
)
def test_libelle_d_un_audit(date_debut, au_mois, attendu):
    assert str(AuditFactory(date_debut=date_debut, date_au_mois=au_mois)) == attendu


def test_libelle_de_portee():
    assert ConstatFactory().libelle_portee == "Module 1"
    assert ConstatFactory(pilotage=True).libelle_portee == "Pilotage"
