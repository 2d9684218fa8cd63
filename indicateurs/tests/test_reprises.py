"""Reprise des indicateurs suivis lors d'un changement de référentiel (engagements.migration)."""

import datetime

import pytest

from engagements.migration import migrer_referentiel
from engagements.tests.factories import CorrespondanceFactory, EngagementFactory, ReferentielFactory

from .factories import IndicateurFactory

pytestmark = pytest.mark.django_db


def test_un_indicateur_suivi_suit_les_successeurs_de_ses_engagements():
    correspondance = CorrespondanceFactory()
    ancien, successeur = correspondance.ancien, correspondance.nouveau
    retire = EngagementFactory(module=ancien.module, numero=ancien.numero + 1)
    CorrespondanceFactory(ancien=retire, nouveau=None, vers=successeur.referentiel)
    suivi = IndicateurFactory(code="appels_perdus")
    suivi.engagements.set([ancien])
    clos = IndicateurFactory(code="ancien_taux", date_fin=datetime.date(2020, 12, 31))
    clos.engagements.set([ancien])
    sans_successeur = IndicateurFactory(code="delai")
    sans_successeur.engagements.set([retire])
    autre = IndicateurFactory(code="hors_referentiel")
    autre.engagements.set([EngagementFactory(module__referentiel=ReferentielFactory(code="autre"))])

    rapport = migrer_referentiel(depuis=ancien.referentiel, vers=successeur.referentiel, auteur=None, simulation=False)

    assert rapport.valide, rapport.erreurs
    assert set(suivi.engagements.all()) == {ancien, successeur}  # l'origine reste
    assert list(clos.engagements.all()) == [ancien]
    assert list(sans_successeur.engagements.all()) == [retire]
    notes = {c.objet_id: c.apres for c in rapport.changements if c.nature == "indicateurs"}
    assert set(notes) == {suivi.pk, sans_successeur.pk}
    assert notes[sans_successeur.pk] == "aucun successeur : reste rattaché à l'ancien référentiel"
