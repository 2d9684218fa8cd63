import datetime

import pytest
from django.core.exceptions import ValidationError

from organisation.models import Site
from organisation.tests.factories import SiteFactory

from ..models import EcheanceCycle, Module, Perimetre, TypeEcheance
from ..services import cycle_enregistrer, perimetre_enregistrer, referentiel_nouvelle_version
from .factories import (
    CycleLabelFactory,
    EngagementFactory,
    ModuleFactory,
    PerimetreFactory,
    ReferentielFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def qual_e_pref():
    referentiel = ReferentielFactory(qual_e_pref=True)
    for numero in range(1, 9):
        ModuleFactory(
            referentiel=referentiel,
            numero=numero,
            type=Module.Type.OBLIGATOIRE if numero == 1 else Module.Type.OPTIONNEL,
        )
    return CycleLabelFactory(referentiel=referentiel)


def _modules(cycle, numeros):
    return list(cycle.referentiel.modules.filter(numero__in=numeros))


@pytest.mark.parametrize(
    ("numeros", "erreurs"),
    [
        ({1, 7}, []),
        ({1, 2, 7}, []),
        ({7}, ["Le module 1 (obligatoire) doit faire partie du périmètre."]),
        ({1}, ["Le périmètre doit comprendre au moins un module optionnel en plus du module 1."]),
        (
            set(),
            ["Choisissez au moins un module."],
        ),
    ],
)
def test_regle_qual_e_pref(qual_e_pref, numeros, erreurs):
    if erreurs:
        with pytest.raises(ValidationError) as refus:
            perimetre_enregistrer(cycle=qual_e_pref, modules=_modules(qual_e_pref, numeros))
        assert refus.value.messages == erreurs
        assert not Perimetre.objects.exists()
    else:
        perimetre = perimetre_enregistrer(cycle=qual_e_pref, modules=_modules(qual_e_pref, numeros))
        assert {m.numero for m in perimetre.modules.all()} == numeros


def _quali_ate(type_site):
    referentiel = ReferentielFactory(quali_ate=True)
    for numero, type_module in ((1, "socle"), (2, "socle"), (3, "metier"), (4, "metier"), (5, "metier")):
        ModuleFactory(referentiel=referentiel, numero=numero, type=type_module, titre="")
    site = SiteFactory(nom=f"Site {type_site}", type=type_site)
    return CycleLabelFactory(site=site, referentiel=referentiel)


@pytest.mark.parametrize(
    ("type_site", "numeros", "erreurs"),
    [
        (Site.Type.PREFECTURE, {1, 2, 3, 4}, []),
        (Site.Type.PREFECTURE, {1, 2, 3}, ["Une préfecture doit présenter au moins 2 modules métiers (1 choisi)."]),
        (Site.Type.HAUT_COMMISSARIAT, {1, 2, 3, 4, 5}, []),
        (
            Site.Type.HAUT_COMMISSARIAT,
            {1, 2},
            ["Un haut-commissariat doit présenter au moins 2 modules métiers (0 choisi)."],
        ),
        (Site.Type.SOUS_PREFECTURE, {1, 2, 5}, []),
        (
            Site.Type.SOUS_PREFECTURE,
            {1, 2},
            ["Une sous-préfecture doit présenter au moins 1 module métier (0 choisi)."],
        ),
        (
            Site.Type.SOUS_PREFECTURE,
            {1, 3},
            ["Les deux modules socles doivent faire partie du périmètre : il manque le module 2."],
        ),
        (
            Site.Type.PREFECTURE,
            {3, 4},
            ["Les deux modules socles doivent faire partie du périmètre : il manque les modules 1 et 2."],
        ),
    ],
)
def test_regle_quali_ate(type_site, numeros, erreurs):
    cycle = _quali_ate(type_site)
    modules = _modules(cycle, numeros)
    if erreurs:
        with pytest.raises(ValidationError) as refus:
            perimetre_enregistrer(cycle=cycle, modules=modules)
        assert refus.value.messages == erreurs
    else:
        assert perimetre_enregistrer(cycle=cycle, modules=modules).modules.count() == len(numeros)


def test_module_d_un_autre_referentiel_refuse(qual_e_pref):
    etranger = ModuleFactory(numero=1)
    with pytest.raises(ValidationError, match="n'appartient pas au référentiel"):
        perimetre_enregistrer(cycle=qual_e_pref, modules=[etranger])


def test_nouveau_perimetre_garde_le_precedent(qual_e_pref):
    premier = perimetre_enregistrer(cycle=qual_e_pref, modules=_modules(qual_e_pref, {1, 7}))
    perimetre_enregistrer(cycle=qual_e_pref, modules=_modules(qual_e_pref, {1, 2}))
    premier.refresh_from_db()
    assert {m.numero for m in premier.modules.all()} == {1, 7}
    assert qual_e_pref.perimetres.count() == 2


@pytest.mark.parametrize(
    ("obtention", "fin", "attendus"),
    [
        # 18/12/2019 + 18 mois = 18/06/2021
        (datetime.date(2019, 12, 18), None, {TypeEcheance.SUIVI: datetime.date(2021, 6, 18)}),
        (
            datetime.date(2019, 12, 18),
            datetime.date(2022, 12, 17),
            {TypeEcheance.SUIVI: datetime.date(2021, 6, 18), TypeEcheance.RENOUVELLEMENT: datetime.date(2022, 12, 17)},
        ),
        # 31/08/2020 + 18 mois = 28/02/2022 (fin de mois)
        (datetime.date(2020, 8, 31), None, {TypeEcheance.SUIVI: datetime.date(2022, 2, 28)}),
        (None, None, {}),
    ],
)
def test_cycle_prevoit_les_audits(obtention, fin, attendus):
    cycle = CycleLabelFactory.build(
        site=SiteFactory(), referentiel=ReferentielFactory(), date_obtention=obtention, date_fin_validite=fin
    )
    cycle_enregistrer(cycle=cycle)
    assert dict(cycle.echeances.values_list("type", "date_prevue")) == attendus


def test_cycle_ne_remplace_pas_une_date_modifiee():
    cycle = CycleLabelFactory(date_obtention=datetime.date(2019, 12, 18))
    cycle_enregistrer(cycle=cycle)
    echeance = cycle.echeances.get(type=TypeEcheance.SUIVI)
    echeance.date_prevue = datetime.date(2021, 9, 1)
    echeance.save()
    cycle_enregistrer(cycle=cycle)
    assert EcheanceCycle.objects.get(pk=echeance.pk).date_prevue == datetime.date(2021, 9, 1)
    assert cycle.echeances.count() == 1


def test_nouvelle_version_laisse_l_ancienne_intacte(qual_e_pref):
    referentiel = qual_e_pref.referentiel
    engagement = EngagementFactory(module=referentiel.modules.get(numero=1), numero=3, libelle="A votre écoute")
    perimetre = PerimetreFactory(cycle=qual_e_pref, modules=_modules(qual_e_pref, {1, 7}))
    copie = referentiel_nouvelle_version(referentiel=referentiel, version="2")
    assert copie.pk != referentiel.pk
    assert copie.modules.count() == 8
    assert copie.engagements.get().libelle == "A votre écoute"
    assert copie.engagements.get().module.referentiel == copie
    engagement.refresh_from_db()
    assert engagement.module.referentiel == referentiel
    assert set(perimetre.modules.values_list("referentiel", flat=True)) == {referentiel.pk}
    with pytest.raises(ValidationError, match="existe déjà"):
        referentiel_nouvelle_version(referentiel=referentiel, version="2")
