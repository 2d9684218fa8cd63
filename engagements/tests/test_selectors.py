import datetime

import pytest
from django.utils import timezone

from organisation.tests.factories import SiteFactory

from .. import selectors
from ..models import Engagement, Niveau, TypeEcheance
from ..preparation import comptes, criteres
from .factories import (
    AutodiagnosticFactory,
    CycleLabelFactory,
    EcheanceCycleFactory,
    EngagementFactory,
    EvenementLabelFactory,
    ModuleFactory,
    PerimetreFactory,
    PreuveFactory,
    ReferentielFactory,
)

pytestmark = pytest.mark.django_db
AUJOURDHUI = datetime.date(2023, 1, 10)


@pytest.fixture
def perimetre():
    module_1 = ModuleFactory(numero=1, type="obligatoire")
    module_7 = ModuleFactory(numero=7, referentiel=module_1.referentiel)
    ModuleFactory(numero=2, referentiel=module_1.referentiel)
    cycle = CycleLabelFactory(referentiel=module_1.referentiel)
    return PerimetreFactory(cycle=cycle, modules=[module_1, module_7])


@pytest.mark.parametrize(
    ("dates", "attendu"),
    [
        # la prochaine à partir d'aujourd'hui ; 10/01/2023 → 31/01/2023 = 21 jours
        ([datetime.date(2021, 9, 1), datetime.date(2023, 1, 31)], (datetime.date(2023, 1, 31), 21)),
        ([datetime.date(2023, 1, 10)], (datetime.date(2023, 1, 10), 0)),
        # un audit prévu dont la date est passée sans qu'il ait eu lieu reste le prochain audit, en retard
        ([datetime.date(2021, 9, 1)], (datetime.date(2021, 9, 1), -496)),
        ([], None),
    ],
)
def test_prochaine_echeance(dates, attendu):
    cycle = CycleLabelFactory()
    for date_prevue, type_echeance in zip(dates, (TypeEcheance.SUIVI, TypeEcheance.RENOUVELLEMENT), strict=False):
        EcheanceCycleFactory(cycle=cycle, date_prevue=date_prevue, type=type_echeance)
    prochaine = selectors.prochaine_echeance(site=cycle.site, aujourdhui=AUJOURDHUI)
    if attendu is None:
        assert prochaine is None
    else:
        assert (prochaine.echeance.date_prevue, prochaine.jours_restants) == attendu


def test_perimetre_en_cours_et_engagements(perimetre):
    EngagementFactory.create_batch(2, module=perimetre.modules.get(numero=1))
    EngagementFactory(module=perimetre.modules.get(numero=7))
    EngagementFactory(module=perimetre.cycle.referentiel.modules.get(numero=2))
    PerimetreFactory(cycle=perimetre.cycle, date=datetime.date(2018, 1, 1))
    en_cours = selectors.perimetre_en_cours(site=perimetre.cycle.site)
    assert en_cours == perimetre
    assert selectors.engagements_du_perimetre(en_cours).count() == 3
    assert selectors.perimetre_en_cours(site=SiteFactory(nom="Autre site")) is None


def test_cycle_en_preparation_passe_devant():
    ancien = CycleLabelFactory()
    nouveau = CycleLabelFactory(site=ancien.site, date_obtention=None)
    assert selectors.cycle_en_cours(site=ancien.site) == nouveau


def test_etat_autodiagnostic_prend_la_derniere_evaluation():
    a, b, c, _ = EngagementFactory.create_batch(4)
    AutodiagnosticFactory(engagement=a, date=datetime.date(2022, 1, 1), niveau=Niveau.NON_CONFORME)
    AutodiagnosticFactory(engagement=a, date=datetime.date(2023, 1, 1), niveau=Niveau.CONFORME)
    AutodiagnosticFactory(engagement=b, niveau=Niveau.PARTIEL)
    AutodiagnosticFactory(engagement=c, niveau=Niveau.NON_EVALUE)
    etat = selectors.etat_autodiagnostic(Engagement.objects.all())
    assert etat == {"conforme": 1, "partiel": 1, "non_conforme": 0, "non_evalue": 2, "total": 4}


def test_preparation_audit(perimetre, django_assert_max_num_queries):
    module_1 = perimetre.modules.get(numero=1)
    evalue_avec_preuve = EngagementFactory(module=module_1, numero=1)
    non_evalue = EngagementFactory(module=module_1, numero=2)
    expiree = EngagementFactory(module=module_1, numero=3)
    AutodiagnosticFactory(engagement=evalue_avec_preuve)
    AutodiagnosticFactory(engagement=expiree)
    PreuveFactory(engagement=evalue_avec_preuve, a_revoir_le=AUJOURDHUI)
    PreuveFactory(engagement=non_evalue, en_lien=True)
    PreuveFactory(engagement=expiree, titre="Affiche", a_revoir_le=datetime.date(2022, 12, 31))
    # Le périmètre et ses modules, puis une requête par critère et par compte (ceux des audits et du plan compris).
    with django_assert_max_num_queries(3 + len(criteres()) + len(comptes())):
        modules = selectors.preparation_audit(perimetre=perimetre, aujourdhui=AUJOURDHUI)
    assert [bloc.module.numero for bloc in modules] == [1, 7]
    lignes = {ligne["critere"].cle: ligne["engagements"] for ligne in modules[0].criteres}
    assert [e["engagement"] for e in lignes["non_evalues"]] == [non_evalue]
    assert lignes["sans_preuve"] == []
    assert lignes["preuves_expirees"] == [{"engagement": expiree, "precision": "Affiche (à revoir le 31/12/2022)"}]
    assert modules[0].nb_engagements == 3 and modules[1].nb_engagements == 0


def test_critere_enregistre_par_une_autre_application(perimetre):
    from ..preparation import _CRITERES, enregistrer_critere

    engagement = EngagementFactory(module=perimetre.modules.get(numero=7))
    enregistrer_critere(
        ordre=40, cle="test_points", libelle="Points sensibles ouverts", fonction=lambda qs, jour: {engagement.pk: "2"}
    )
    try:
        modules = selectors.preparation_audit(perimetre=perimetre, aujourdhui=AUJOURDHUI)
        ligne = next(ligne for ligne in modules[1].criteres if ligne["critere"].cle == "test_points")
        assert ligne["critere"].libelle == "Points sensibles ouverts"
        assert ligne["engagements"] == [{"engagement": engagement, "precision": "2"}]
    finally:
        del _CRITERES["test_points"]


def test_historique_label_dans_l_ordre():
    site = SiteFactory()
    recent = EvenementLabelFactory(site=site, date=datetime.date(2019, 12, 18))
    ancien = EvenementLabelFactory(site=site, date=datetime.date(2012, 1, 1))
    assert selectors.historique_label(site=site) == [ancien, recent]


def test_un_audit_prevu_realise_ne_compte_plus():
    cycle = CycleLabelFactory()
    EcheanceCycleFactory(cycle=cycle, type=TypeEcheance.SUIVI, date_prevue=datetime.date(2023, 3, 1))
    EcheanceCycleFactory(cycle=cycle, type=TypeEcheance.RENOUVELLEMENT, date_prevue=datetime.date(2023, 6, 1))
    assert selectors.prochaine_echeance(site=cycle.site, aujourdhui=AUJOURDHUI).jours_restants == 50
    # Réalisé en avance, le 05/01/2023 : le prochain est le renouvellement.
    cycle.echeances.filter(type=TypeEcheance.SUIVI).update(date_realisation=datetime.date(2023, 1, 5))
    prochaine = selectors.prochaine_echeance(site=cycle.site, aujourdhui=AUJOURDHUI)
    assert (prochaine.echeance.type, prochaine.jours_restants, prochaine.delai) == (
        "renouvellement",
        142,
        "dans 142 jours",
    )
    cycle.echeances.update(date_realisation=datetime.date(2023, 1, 5))
    assert selectors.prochaine_echeance(site=cycle.site, aujourdhui=AUJOURDHUI) is None


def test_audit_de_labellisation_prevu_avant_le_label():
    from engagements.services import cycle_enregistrer

    cycle = CycleLabelFactory.build(
        site=SiteFactory(), referentiel=ReferentielFactory(), date_obtention=None, organisme=""
    )
    aujourdhui = timezone.localdate()
    cycle_enregistrer(cycle=cycle, labellisation_prevue=aujourdhui + datetime.timedelta(days=30))
    prochaine = selectors.prochaine_echeance(site=cycle.site, aujourdhui=aujourdhui)
    assert (prochaine.echeance.type, prochaine.jours_restants) == (TypeEcheance.LABELLISATION, 30)
