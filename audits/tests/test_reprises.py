"""Reprise des constats ouverts lors d'un changement de référentiel, et leur place dans la préparation d'audit du
nouveau référentiel dès le premier jour."""

import pytest

from audits.models import Etat
from engagements.migration import migrer_referentiel
from engagements.selectors import perimetre_en_cours, preparation_audit
from engagements.tests.factories import (
    CorrespondanceFactory,
    CycleLabelFactory,
    EngagementFactory,
    ModuleFactory,
    PerimetreFactory,
    ReferentielFactory,
)

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db


def test_un_constat_ouvert_suit_les_successeurs_et_compte_dans_la_nouvelle_preparation():
    ancien = ReferentielFactory(code="ancien")
    nouveau = ReferentielFactory(code="nouveau")
    m1 = ModuleFactory(referentiel=ancien, numero=1)
    n2 = ModuleFactory(referentiel=nouveau, numero=2)
    engagement = EngagementFactory(module=m1, numero=1)
    successeur = EngagementFactory(module=n2, numero=4)
    CorrespondanceFactory(ancien=engagement, nouveau=successeur)
    perimetre = PerimetreFactory(cycle=CycleLabelFactory(referentiel=ancien), modules=[m1])
    audit = AuditFactory(perimetre=perimetre)
    ouvert = ConstatFactory(audit=audit, module=m1, engagement=engagement)
    traite = ConstatFactory(audit=audit, module=m1, etat=Etat.TRAITE)

    rapport = migrer_referentiel(depuis=ancien, vers=nouveau, auteur=None, simulation=False)

    assert rapport.valide, rapport.erreurs
    assert list(ouvert.modules_repris.all()) == [n2] and list(ouvert.engagements_repris.all()) == [successeur]
    assert not traite.modules_repris.exists()
    ouvert.refresh_from_db()
    assert ouvert.module == m1 and ouvert.engagement == engagement  # l'audit reste tel qu'il a eu lieu
    nouvelle = perimetre_en_cours(site=perimetre.cycle.site)
    assert nouvelle.cycle.referentiel == nouveau
    preparation = preparation_audit(perimetre=nouvelle)
    (bloc,) = list(preparation)
    comptes = {c["compte"].cle: c["nombre"] for c in bloc.comptes}
    assert comptes["constats_ouverts"] == 1
    criteres = {ligne["critere"].cle: ligne["engagements"] for ligne in bloc.criteres}
    assert [e["engagement"] for e in criteres["constats_ouverts"]] == [successeur]
    assert criteres["constats_ouverts"][0]["precision"] == "1 constat ouvert"
