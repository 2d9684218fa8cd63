"""Suites données aux constats : action du plan, pas d'action justifiée, bonne pratique, vérification."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits import services
from audits.models import Etat, Nature, Suite
from engagements.tests.factories import EngagementFactory, ModuleFactory
from organisation.tests.factories import UtilisateurFactory
from plan_actions.models import Origine
from plan_actions.services import action_creer

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db


def test_origine_libelle_comme_dans_le_plan():
    audit = AuditFactory(date_debut=datetime.date(2023, 1, 16))
    module = ModuleFactory(referentiel=audit.referentiel, numero=7)
    constat = ConstatFactory(audit=audit, numero=12, module=module, nature=Nature.PISTE_PROGRES)
    assert services.origine_libelle(constat) == "observation d'audit 2023 n°12 (Module 7)"
    pilotage = ConstatFactory(audit=audit, numero=13, pilotage=True)
    assert services.origine_libelle(pilotage) == "observation d'audit 2023 n°13 (Pilotage)"


def test_creer_l_action_d_un_constat():
    referent = UtilisateurFactory(referent=True)
    constat = ConstatFactory(numero=12, nature=Nature.PISTE_PROGRES, texte="Intégrer les RETEX")
    engagement = EngagementFactory(module=constat.module, numero=3)

    action = services.constat_creer_action(
        constat=constat,
        intitule=constat.texte,
        modules=[constat.module],
        engagements=[engagement],
        auteur=referent,
    )

    constat.refresh_from_db()
    assert action.origine == Origine.CONSTAT_AUDIT
    assert action.origine_libelle == "observation d'audit 2023 n°12 (Module 1)"
    assert action.origine_lien == reverse("audits:constat_detail", kwargs={"pk": constat.pk})
    assert list(action.modules.all()) == [constat.module]
    assert list(action.engagements.all()) == [engagement]
    assert list(constat.actions.all()) == [action]
    assert (constat.suite, constat.etat) == (Suite.ACTION, Etat.TRAITE)
    assert constat.date_decision is not None


def test_deux_actions_pour_un_meme_constat():
    constat = ConstatFactory()
    services.constat_creer_action(constat=constat, intitule="Première")
    services.constat_creer_action(constat=constat, intitule="Seconde")
    assert constat.actions.count() == 2


def test_un_point_fort_ne_donne_pas_d_action():
    constat = ConstatFactory(point_fort=True)
    with pytest.raises(ValidationError):
        services.constat_creer_action(constat=constat, intitule="Action")
    assert constat.actions.count() == 0


@pytest.mark.parametrize(
    ("nature", "suite", "justification", "accepte"),
    [
        (Nature.POINT_SENSIBLE, Suite.SANS_ACTION, "Déjà traité par l'action 2022-014", True),
        (Nature.PISTE_PROGRES, Suite.SANS_ACTION, "  ", False),
        (Nature.NC_MINEURE, Suite.SANS_ACTION, "", False),
        (Nature.POINT_FORT, Suite.SANS_ACTION, "Rien à faire", False),
        (Nature.POINT_FORT, Suite.BONNE_PRATIQUE, "", True),
        (Nature.POINT_SENSIBLE, Suite.BONNE_PRATIQUE, "", False),
        (Nature.POINT_SENSIBLE, Suite.ACTION, "", False),
    ],
)
def test_decider(nature, suite, justification, accepte):
    constat = ConstatFactory(nature=nature)
    if accepte:
        services.constat_decider(constat=constat, suite=suite, justification=justification)
        constat.refresh_from_db()
        assert (constat.suite, constat.etat) == (suite, Etat.TRAITE)
    else:
        with pytest.raises(ValidationError):
            services.constat_decider(constat=constat, suite=suite, justification=justification)
        constat.refresh_from_db()
        assert (constat.suite, constat.etat) == ("", Etat.OUVERT)


def test_verifier_un_constat_traite_seulement():
    constat = ConstatFactory()
    with pytest.raises(ValidationError):
        services.constat_verifier(constat=constat)
    services.constat_decider(constat=constat, suite=Suite.SANS_ACTION, justification="Hors périmètre")
    services.constat_verifier(constat=constat)
    constat.refresh_from_db()
    assert constat.etat == Etat.VERIFIE


def test_relier_les_actions_existantes_a_leur_constat():
    audit = AuditFactory(date_debut=datetime.date(2023, 1, 16))
    module_7 = ModuleFactory(referentiel=audit.referentiel, numero=7)
    douze = ConstatFactory(audit=audit, numero=12, module=module_7, piste=True)
    dix_sept_ps = ConstatFactory(audit=audit, numero=17, pilotage=True)
    ConstatFactory(audit=audit, numero=17, pilotage=True, piste=True)
    retex = action_creer(intitule="Intégrer les RETEX", origine_libelle="observation d'audit 2023 n°12 (Module 7)")
    action_creer(intitule="Ambiguë", origine_libelle="observation d'audit 2023 n°17 (Pilotage)")
    action_creer(intitule="Autre année", origine_libelle="observation d'audit 2021 n°12 (Module 7)")

    assert services.constats_relier_actions(audit=audit) == 1
    assert services.constats_relier_actions(audit=audit) == 0
    douze.refresh_from_db()
    assert list(douze.actions.all()) == [retex]
    assert (douze.suite, douze.etat) == (Suite.ACTION, Etat.TRAITE)
    assert dix_sept_ps.actions.count() == 0
