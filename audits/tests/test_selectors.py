"""Sélecteurs partagés par la page d'audit, le tableau de bord, la préparation d'audit et le bilan."""

import datetime
from pathlib import Path

import pytest

from audits import selectors
from audits.models import Etat, Nature, Suite
from audits.sections import section_constats
from audits.services import constats_importer
from engagements.tests.factories import EngagementFactory, ModuleFactory
from organisation.tests.factories import SiteFactory, UtilisateurFactory

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "observations_audit_2023.csv"


@pytest.fixture
def audit_2023():
    audit = AuditFactory()
    with open(SEED, "rb") as fichier:
        constats_importer(audit=audit, fichier=fichier, nom=SEED.name)
    return audit


def test_constats_par_nature(audit_2023):
    assert selectors.constats_par_nature(audit_2023) == {"point_sensible": 3, "piste_progres": 8, "point_fort": 6}


def test_constats_par_module(audit_2023):
    lignes = selectors.constats_par_module(audit_2023)
    assert [(ligne.module, ligne.comptes, ligne.total) for ligne in lignes] == [
        ("Module 1", {"point_sensible": 1, "piste_progres": 4, "point_fort": 3}, 8),
        ("Module 7", {"point_sensible": 0, "piste_progres": 1, "point_fort": 2}, 3),
        ("Pilotage", {"point_sensible": 2, "piste_progres": 3, "point_fort": 1}, 6),
    ]


def test_tableau_constats_comme_la_seed(audit_2023):
    tableau = selectors.tableau_constats(audit_2023)
    assert [ligne.numero for ligne in tableau] == list(range(1, 18))
    neuf = tableau[8]
    assert (neuf.module, neuf.points_sensibles, neuf.pistes_progres, neuf.points_forts) == ("Module 1", [], [], [])
    dix_sept = tableau[16]
    assert dix_sept.module == "Pilotage"
    assert [c.texte for c in dix_sept.points_sensibles] == [
        "Veiller à collecter les besoins et attentes en matière de communication auprès des membres du comité "
        "local des usagers (CLU)"
    ]
    assert [c.texte for c in dix_sept.pistes_progres] == [
        "Veiller à diffuser le CR à l'ensemble des membres y compris les absents lors de la séance"
    ]
    assert dix_sept.points_forts == []
    assert tableau[9].module == "Module 7"


def test_suivi_constats():
    audit = AuditFactory()
    avec_action = ConstatFactory(audit=audit, suite=Suite.ACTION, etat=Etat.TRAITE)
    ConstatFactory(audit=audit, suite=Suite.SANS_ACTION, etat=Etat.TRAITE, justification="Hors champ")
    ConstatFactory(audit=audit, point_fort=True, suite=Suite.BONNE_PRATIQUE, etat=Etat.VERIFIE)
    ConstatFactory(audit=audit, piste=True)
    ConstatFactory(audit=audit, point_fort=True)
    suivi = selectors.suivi_constats(audit)
    assert suivi == {
        "total": 5,
        "avec_action": 1,
        "sans_action": 1,
        "bonne_pratique": 1,
        "ouverts": 2,
        "ouverts_a_traiter": 1,
        "verifies": 1,
    }
    assert avec_action.etat == Etat.TRAITE


def test_comparer_audits(audit_2023):
    ancien = AuditFactory(perimetre=audit_2023.perimetre, type="suivi", date_debut=datetime.date(2021, 9, 1))
    module_1 = ModuleFactory(referentiel=ancien.referentiel, numero=1)
    ConstatFactory(audit=ancien, numero=1, module=module_1, etat=Etat.TRAITE)
    ouvert = ConstatFactory(audit=ancien, numero=2, module=module_1, piste=True)
    ConstatFactory(audit=ancien, numero=3, pilotage=True, point_fort=True)

    # L'ordre des arguments est indifférent : le plus ancien est reconnu par sa date.
    comparaison = selectors.comparer_audits(audit_2023, ancien)

    assert comparaison.ancien == ancien and comparaison.recent == audit_2023
    assert comparaison.natures == [
        {"libelle": "Point sensible", "ancien": 1, "recent": 3, "ecart": 2},
        {"libelle": "Piste de progrès", "ancien": 1, "recent": 8, "ecart": 7},
        {"libelle": "Point fort", "ancien": 1, "recent": 6, "ecart": 5},
    ]
    assert comparaison.modules == [
        {"libelle": "Module 1", "ancien": 2, "recent": 8, "ecart": 6},
        {"libelle": "Module 7", "ancien": 0, "recent": 3, "ecart": 3},
        {"libelle": "Pilotage", "ancien": 1, "recent": 6, "ecart": 5},
    ]
    assert [c.numero for c in comparaison.resolus] == [1]
    assert comparaison.ouverts == [ouvert]


def test_dernier_audit():
    site = SiteFactory()
    ancien = AuditFactory(perimetre__cycle__site=site, date_debut=datetime.date(2021, 9, 1))
    ConstatFactory(audit=ancien)
    recent = AuditFactory(perimetre=ancien.perimetre, date_debut=datetime.date(2023, 1, 16))
    assert selectors.dernier_audit(site) == ancien  # le plus récent n'a pas encore de constat
    ConstatFactory(audit=recent)
    assert selectors.dernier_audit() == recent
    assert selectors.dernier_audit(SiteFactory(nom="Sous-préfecture sans audit")) is None


def test_points_sensibles_ouverts_par_module_et_engagement():
    audit = AuditFactory()
    module_7 = ModuleFactory(referentiel=audit.referentiel, numero=7)
    engagement = EngagementFactory(module=module_7, numero=2)
    cible = ConstatFactory(audit=audit, module=module_7, engagement=engagement)
    ConstatFactory(audit=audit, module=module_7, point_fort=True)
    ConstatFactory(audit=audit, module=module_7, etat=Etat.TRAITE)
    autre = ConstatFactory(audit=audit, piste=True)
    assert list(selectors.points_sensibles_ouverts(module=module_7)) == [cible]
    assert list(selectors.points_sensibles_ouverts(engagement=engagement)) == [cible]
    assert set(selectors.points_sensibles_ouverts()) == {cible, autre}


def test_section_constats_sur_la_page_d_un_engagement():
    constat = ConstatFactory(nature=Nature.POINT_SENSIBLE)
    engagement = EngagementFactory(module=constat.module, numero=5)
    assert section_constats(engagement, UtilisateurFactory()) is None
    constat.engagement = engagement
    constat.save()
    section = section_constats(engagement, UtilisateurFactory())
    assert section["titre"] == "Constats d'audit"
    assert section["gabarit"] == "audits/_section_engagement.html"
    assert list(section["contexte"]["constats"]) == [constat]


def test_preparation_compte_les_actions_du_module_et_les_constats_de_pilotage(client):
    """La préparation d'audit compte les actions rattachées au module lui-même (pas seulement par un engagement)
    et les constats de pilotage ; la liste des audits et la liste de tri donnent le même nombre de constats
    ouverts."""
    from django.urls import reverse

    from engagements.selectors import preparation_audit
    from engagements.tests.factories import EngagementFactory, PerimetreFactory
    from organisation.tests.factories import UtilisateurFactory
    from plan_actions.tests.factories import ActionFactory

    perimetre = PerimetreFactory(modules_1_et_7=True)
    module_1, module_7 = perimetre.modules.get(numero=1), perimetre.modules.get(numero=7)
    audit = AuditFactory(site=perimetre.cycle.site, perimetre=perimetre, referentiel=perimetre.cycle.referentiel)
    ActionFactory(modules=[module_1])  # rattachée au module seulement
    ActionFactory(engagements=[EngagementFactory(module=module_1)])  # par un engagement
    ActionFactory(modules=[module_1], realisee=True)  # close : ne compte pas
    ConstatFactory(audit=audit, numero=1, module=module_7)
    ConstatFactory(audit=audit, numero=2, pilotage=True)
    ConstatFactory(audit=audit, numero=3, pilotage=True, piste=True)
    ConstatFactory(audit=audit, numero=4, pilotage=True, point_fort=True)  # un point fort n'est pas « à traiter »
    preparation = preparation_audit(perimetre=perimetre)
    par_module = {bloc.module.numero: {c["compte"].cle: c["nombre"] for c in bloc.comptes} for bloc in preparation}
    assert par_module == {
        1: {"actions_ouvertes": 2, "constats_ouverts": 0},
        7: {"actions_ouvertes": 0, "constats_ouverts": 1},
    }
    assert {c["compte"].cle: c["nombre"] for c in preparation.pilotage} == {"constats_ouverts": 2}

    client.force_login(UtilisateurFactory(referent=True))
    liste = client.get(reverse("audits:audit_list")).context["page_obj"].object_list
    ouverts_liste = next(a for a in liste if a.pk == audit.pk).nb_ouverts
    ouverts_tri = client.get(reverse("audits:preparation")).context["page_obj"].paginator.count
    assert ouverts_liste == ouverts_tri == 3
    page = client.get(reverse("engagements:preparation_audit")).content.decode()
    assert "Pilotage (hors module)" in page and "Constats d&#x27;audit ouverts à traiter : 2" in page
