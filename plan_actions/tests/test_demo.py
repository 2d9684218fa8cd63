import io

import pytest

from organisation.tests.factories import ServiceFactory
from plan_actions import demo
from plan_actions.models import Action, Origine, Statut
from plan_actions.selectors import total_actions_depuis

pytestmark = pytest.mark.django_db


def test_demo_155_actions_depuis_2019_et_idempotente():
    ServiceFactory(nom="Pôle accueil téléphonique")
    demo.charger(stdout=io.StringIO())
    assert total_actions_depuis(2019) == 155
    reelles = Action.objects.filter(est_demo=False)
    # 4 exemples + 11 pistes/points sensibles de 2023, dont 3 déjà couverts par un exemple.
    assert reelles.count() == 12
    assert reelles.filter(statut=Statut.EN_COURS).count() == 4
    assert (
        reelles.filter(
            origine=Origine.CONSTAT_AUDIT, origine_libelle="observation d'audit 2023 n°17 (Pilotage)"
        ).count()
        == 2
    )
    assert not Action.objects.filter(est_demo=True).exclude(intitule__contains="(démo").exists()
    assert sorted({a.date_creation.year for a in Action.objects.filter(est_demo=True)}) == [
        2019,
        2020,
        2021,
        2022,
        2023,
    ]
    premiere = Action.objects.get(intitule__startswith="Etudier la faisabilité")
    assert premiere.service_pilote.nom == "Pôle accueil téléphonique"
    etat = sorted(Action.objects.values_list("reference", "intitule", "statut"))
    demo.charger(stdout=io.StringIO())
    assert sorted(Action.objects.values_list("reference", "intitule", "statut")) == etat
