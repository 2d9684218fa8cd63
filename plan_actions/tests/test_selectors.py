import datetime

import pytest

from engagements.tests.factories import EngagementFactory, ModuleFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions import selectors
from plan_actions.models import Action, Statut
from plan_actions.sections import section_engagement

from .factories import ActionFactory

pytestmark = pytest.mark.django_db
AUJOURDHUI = datetime.date(2023, 11, 20)


@pytest.fixture
def plan():
    module = ModuleFactory(numero=7)
    engagement = EngagementFactory(module=module, numero=2)
    service = ServiceFactory(nom="SIDPC")
    actions = [
        ActionFactory(statut=Statut.REALISEE, date_realisation=datetime.date(2022, 5, 1), modules=[module]),
        ActionFactory(statut=Statut.REALISEE, date_realisation=datetime.date(2023, 2, 1), service_pilote=service),
        ActionFactory(statut=Statut.EN_COURS, echeance=datetime.date(2023, 1, 1), engagements=[engagement]),
        ActionFactory(statut=Statut.REPORTEE, echeance=datetime.date(2023, 11, 19), service_pilote=service),
        ActionFactory(statut=Statut.A_LANCER, echeance=datetime.date(2023, 11, 20), est_demo=True),
    ]
    Action.objects.filter(pk=actions[0].pk).update(date_creation=datetime.date(2018, 6, 1))
    Action.objects.filter(pk__in=[a.pk for a in actions[1:]]).update(date_creation=datetime.date(2022, 3, 1))
    return {"module": module, "engagement": engagement, "service": service, "actions": actions}


def test_chiffres_calcules_a_la_main(plan):
    par_statut = {ligne["statut"]: ligne["nombre"] for ligne in selectors.actions_par_statut()}
    assert par_statut == {"a_lancer": 1, "en_cours": 1, "realisee": 2, "abandonnee": 0, "reportee": 1}
    assert {ligne["statut"]: ligne["nombre"] for ligne in selectors.actions_par_statut(annee=2022)}["realisee"] == 1
    assert selectors.actions_en_retard(AUJOURDHUI).count() == 2
    assert selectors.actions_realisees(2023).count() == 1
    assert selectors.total_actions_depuis(2019) == 4
    assert selectors.total_actions_depuis(2018) == 5
    service = next(
        ligne for ligne in selectors.chiffres_du_plan().par_service if ligne["service_id"] == plan["service"].pk
    )
    assert (service["nombre"], service["ouvertes"]) == (2, 1)
    assert selectors.actions_en_retard_par_engagement(aujourdhui=AUJOURDHUI) == {plan["engagement"].pk: 1}
    exemples = selectors.actions_exemples_en_cours(3)
    assert [a.statut for a in exemples] == [Statut.EN_COURS]


@pytest.mark.parametrize(
    ("filtres", "attendu"),
    [
        ({}, 5),
        ({"statut": "ouvertes"}, 3),
        ({"statut": "realisee"}, 2),
        ({"en_retard": "1"}, 2),
        ({"annee": "2022"}, 4),
        ({"realisee_en": "2023"}, 1),
        ({"module": "module"}, 5),
        ({"statut": "inconnu"}, 5),
    ],
)
def test_actions_filtrees(plan, filtres, attendu):
    assert selectors.actions_filtrees(filtres, aujourdhui=AUJOURDHUI).count() == attendu


def test_filtre_module_inclut_les_engagements_du_module(plan):
    assert selectors.actions_filtrees({"module": plan["module"].pk}).count() == 2
    assert selectors.actions_filtrees({"engagement": plan["engagement"].pk}).count() == 1
    assert selectors.actions_filtrees({"service": plan["service"].pk}).count() == 2


def test_section_de_la_page_engagement(plan):
    section = section_engagement(plan["engagement"], UtilisateurFactory())
    assert section["gabarit"] == "plan_actions/_section_engagement.html"
    assert [a.pk for a in section["contexte"]["actions"]] == [plan["actions"][2].pk]
    from django.contrib.auth.models import AnonymousUser

    assert section_engagement(plan["engagement"], AnonymousUser()) is None


def test_section_enregistree_dans_le_registre():
    from engagements.liens import _SECTIONS

    assert any(s.fonction is section_engagement for s in _SECTIONS)


def test_annees_de_creation_par_les_bornes(django_assert_num_queries):
    """Les années de la première à la dernière création (une requête : deux recherches dans l'index)."""
    with django_assert_num_queries(1):
        assert selectors.annees_de_creation() == []
    for annee in (2019, 2023, 2021):
        ActionFactory(date_creation=datetime.date(annee, 5, 1))
    with django_assert_num_queries(1):
        assert selectors.annees_de_creation() == [2023, 2022, 2021, 2020, 2019]
