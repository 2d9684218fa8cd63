"""Enquêtes de satisfaction : aller-retour sans perte dans chaque format, cellule retouchée, mise en forme."""

import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from enquetes.echanges import exporter_resultats, importer_enquete
from enquetes.models import ResultatCritere
from qualite.export import FORMATS_TABLEAU
from qualite.imports import executer_import

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "satisfaction_2022_2023.csv"
NOMS = {"xlsx": "e.xlsx", "ods": "e.ods", "csv": "e.csv", "csv-windows": "e.csv"}


def _importer(contenu: bytes, nom: str, simulation: bool = False):
    return executer_import(importer_enquete, simulation=simulation, fichier=io.BytesIO(contenu), nom=nom)


@pytest.fixture
def enquetes():
    rapport = _importer(SEED.read_bytes(), SEED.name)
    assert rapport.crees == 22, rapport.erreurs
    ResultatCritere.objects.filter(critere__icontains="courtoisie").update(taux=D("95.5"))


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_aller_retour_sans_perte(enquetes, format_fichier):
    rapport = _importer(exporter_resultats(format_fichier), NOMS[format_fichier])
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 22), rapport.changements
    assert rapport.changements == []


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_reimport_sur_base_vide_recree_a_l_identique(enquetes, format_fichier):
    fichier = exporter_resultats(format_fichier)
    avant = exporter_resultats("csv")
    ResultatCritere.objects.all().delete()
    rapport = _importer(fichier, NOMS[format_fichier])
    assert rapport.valide and rapport.crees == 22, rapport.erreurs
    assert exporter_resultats("csv") == avant


def test_cellule_retouchee_ne_change_que_ce_resultat(enquetes):
    classeur = load_workbook(io.BytesIO(exporter_resultats("xlsx")))
    feuille = classeur["Satisfaction"]
    entetes = [cellule.value for cellule in feuille[1]]
    assert entetes == ["Thème", "Critère", "2022", "2023"]
    ancien = feuille.cell(row=3, column=4).value
    critere = feuille.cell(row=3, column=2).value
    feuille.cell(row=3, column=4, value=12)
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(sortie.getvalue(), "e.xlsx", simulation=True)
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 1, 21), rapport.erreurs
    assert rapport.changements == [f"ligne 3 : 2023 {str(ancien).replace('.', ',')} → 12"]
    _importer(sortie.getvalue(), "e.xlsx")
    assert ResultatCritere.objects.get(critere=critere, enquete__annee=2023).taux == 12


def test_classeur_fait_pour_des_personnes(enquetes):
    classeur = load_workbook(io.BytesIO(exporter_resultats("xlsx")))
    assert classeur.sheetnames == ["Satisfaction", "Lisez-moi"]
    feuille = classeur["Satisfaction"]
    assert all(cellule.font.bold for cellule in feuille[1]) and feuille.freeze_panes == "A2"
    assert all(isinstance(c.value, (int, float)) for c in feuille["D"][1:] if c.value is not None)


@pytest.mark.parametrize("nombre", [2, 20])
def test_reimport_en_requetes_bornees(django_assert_max_num_queries, nombre):
    lignes = "".join(f"Thème,Critère {n},{n},{n + 1}\n" for n in range(nombre))
    _importer(("theme,critere,2022,2023\n" + lignes).encode(), "e.csv")
    fichier = exporter_resultats("xlsx")
    with django_assert_max_num_queries(6):
        rapport = _importer(fichier, "e.xlsx")
    assert rapport.inchanges == 2 * nombre
