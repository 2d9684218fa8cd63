import csv
from pathlib import Path

import pytest

from tests_outils.demo import fixture_demo

from .. import demo
from ..models import Module, Referentiel

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[1] / "donnees" / "engagements_modules_1_et_7.csv"


# Chargée une fois pour le module : ces tests la lisent seulement (le chargement : test_demo_chargement.py).
demo_chargee = fixture_demo(demo.charger)


def test_qual_e_pref_mot_pour_mot(demo_chargee):
    referentiel = Referentiel.objects.get(code="qual-e-pref")
    assert referentiel.modules.count() == 8
    assert referentiel.modules.get(numero=1).type == Module.Type.OBLIGATOIRE
    assert referentiel.modules.get(numero=7).titre == "Communication d'urgence en cas d'événement majeur"
    with open(SOURCE, encoding="utf-8") as fichier:
        attendus = [(int(lg["module"]), int(lg["numero"]), lg["engagement"]) for lg in csv.DictReader(fichier)]
    obtenus = list(
        referentiel.engagements.order_by("module__numero", "numero").values_list("module__numero", "numero", "libelle")
    )
    assert obtenus == attendus
    assert referentiel.engagements.filter(module__numero=1).count() == 20
    assert referentiel.engagements.filter(module__numero=7).count() == 4
    assert not referentiel.engagements.filter(module__numero__in=[2, 3, 4, 5, 6, 8]).exists()
    assert referentiel.engagements.get(module__numero=7, numero=4).libelle == (
        "En cas de besoin, nous activons la cellule d'information du public "
        "à l'aide du numéro unique sur ordre du préfet"
    )


def test_autres_referentiels(demo_chargee):
    sp_plus = Referentiel.objects.get(code="services-publics-plus")
    assert sp_plus.engagements.filter(module__isnull=True).count() == 8
    assert not sp_plus.modules.exists()
    quali_ate = Referentiel.objects.get(code="quali-ate", version="")
    # Sa règle de périmètre est livrée ; ses modules, que rien de public ne nomme, se saisissent (aucun
    # « titre à saisir » dans la démonstration).
    assert quali_ate.regle_perimetre == Referentiel.Regle.QUALI_ATE
    assert not quali_ate.modules.exists() and not quali_ate.engagements.exists()
    # Le contenu de démonstration, pour essayer le changement de référentiel, est à part et marqué comme tel.
    demo = Referentiel.objects.get(code="quali-ate", version="demo")
    assert demo.est_demo and "démonstration" in demo.titre
    assert all(e.libelle.startswith("[Démo] ") for e in demo.engagements.all())
    assert all("(titre de démonstration)" in m.titre for m in demo.modules.all())
    assert [m.type for m in demo.modules.order_by("numero")] == ["socle", "socle", "metier", "metier", "metier"]
