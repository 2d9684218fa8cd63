"""Reprise des actions ouvertes lors d'un changement de référentiel (engagements.migration)."""

import pytest

from engagements.migration import migrer_referentiel
from engagements.tests.factories import CorrespondanceFactory, EngagementFactory, ModuleFactory, ReferentielFactory
from organisation.tests.factories import UtilisateurFactory
from plan_actions.models import Action

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paire():
    ancien, nouveau = ReferentielFactory(code="ancien"), ReferentielFactory(code="nouveau")
    m1, m2 = ModuleFactory(referentiel=ancien, numero=1), ModuleFactory(referentiel=ancien, numero=2)
    n1, n3 = ModuleFactory(referentiel=nouveau, numero=1), ModuleFactory(referentiel=nouveau, numero=3)
    a11, a12, a21 = (
        EngagementFactory(module=m1, numero=1),
        EngagementFactory(module=m1, numero=2),
        EngagementFactory(module=m2, numero=1),
    )
    s11, s31 = EngagementFactory(module=n1, numero=1), EngagementFactory(module=n3, numero=1)
    CorrespondanceFactory(ancien=a11, nouveau=s11)
    CorrespondanceFactory(ancien=a11, nouveau=s31)
    CorrespondanceFactory(ancien=a12, nouveau=s11)
    CorrespondanceFactory(ancien=a21, nouveau=None, vers=nouveau)
    return ancien, nouveau, {"1.1": a11, "1.2": a12, "2.1": a21, "m1": m1, "m2": m2}, {"1.1": s11, "3.1": s31}


def test_une_action_ouverte_suit_les_successeurs_et_garde_son_origine(paire):
    ancien, nouveau, a, s = paire
    referent = UtilisateurFactory(referent=True)
    par_engagement = ActionFactory(engagements=[a["1.1"], a["1.2"]])
    par_module = ActionFactory(modules=[a["m1"]])
    sans_successeur = ActionFactory(engagements=[a["2.1"]], modules=[a["m2"]])
    close = ActionFactory(engagements=[a["1.1"]], realisee=True)
    hors_referentiel = ActionFactory()
    versions = {action.pk: action.version for action in Action.objects.all()}

    rapport = migrer_referentiel(depuis=ancien, vers=nouveau, auteur=referent, simulation=False)

    assert rapport.valide, rapport.erreurs
    par_engagement.refresh_from_db()
    assert {e.code for e in par_engagement.engagements.filter(referentiel=nouveau)} == {"1.1", "3.1"}
    assert par_engagement.engagements.filter(referentiel=ancien).count() == 2  # l'origine reste
    assert par_engagement.version == versions[par_engagement.pk] + 1
    assert par_engagement.history.first().history_user == referent
    assert par_engagement.commentaires.get().texte.startswith("Reprise sur Référentiel")
    # rattachée au module 1 : aussi aux modules qui reçoivent les successeurs de ses engagements
    assert [m.numero for m in par_module.modules.filter(referentiel=nouveau).order_by("numero")] == [1, 3]
    assert not sans_successeur.engagements.filter(referentiel=nouveau).exists()
    assert Action.objects.get(pk=sans_successeur.pk).version == versions[sans_successeur.pk]
    assert not close.engagements.filter(referentiel=nouveau).exists()
    notes = {c.objet_id: c.apres for c in rapport.changements if c.nature == "actions"}
    assert set(notes) == {par_engagement.pk, par_module.pk, sans_successeur.pk}
    assert notes[sans_successeur.pk] == "aucun successeur : reste rattachée à l'ancien référentiel"
    assert hors_referentiel.pk not in notes
