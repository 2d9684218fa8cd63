"""Tableau de l'auditeur : aller-retour sans perte dans chaque format, cellule retouchée, mise en forme."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from audits.echanges import exporter_constats
from audits.models import Constat, Nature
from audits.services import constats_importer
from qualite.export import FORMATS_TABLEAU

from .factories import AuditFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "observations_audit_2023.csv"
NOMS = {"xlsx": "obs.xlsx", "ods": "obs.ods", "csv": "obs.csv", "csv-windows": "obs.csv"}


def _importer(audit, contenu: bytes, nom: str, simulation: bool = False):
    return constats_importer(audit=audit, fichier=io.BytesIO(contenu), nom=nom, simulation=simulation)


@pytest.fixture
def audit():
    audit = AuditFactory()
    rapport = _importer(audit, SEED.read_bytes(), SEED.name)
    assert rapport.crees == 17, rapport.erreurs
    return audit


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_aller_retour_sans_perte(audit, format_fichier):
    rapport = _importer(audit, exporter_constats(audit, format_fichier), NOMS[format_fichier])
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 17), rapport.changements
    assert rapport.changements == []


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_export_reimporte_dans_un_autre_audit_recree_les_memes_constats(audit, format_fichier):
    autre = AuditFactory(referentiel=audit.referentiel, perimetre=audit.perimetre)
    rapport = _importer(autre, exporter_constats(audit, format_fichier), NOMS[format_fichier])
    assert rapport.valide and rapport.crees == 17, rapport.erreurs
    assert exporter_constats(autre, "csv") == exporter_constats(audit, "csv")


def test_cellule_retouchee_ne_change_que_ce_constat(audit):
    classeur = load_workbook(io.BytesIO(exporter_constats(audit, "xlsx")))
    feuille = classeur["Observations"]
    entetes = [cellule.value for cellule in feuille[1]]
    assert entetes[:5] == ["N°", "Module", "Points sensibles", "Pistes de progrès", "Points forts"]
    colonne = entetes.index("Points forts") + 1
    ligne = next(n for n in range(2, feuille.max_row + 1) if feuille.cell(row=n, column=colonne).value)
    ancien = feuille.cell(row=ligne, column=colonne).value
    numero = feuille.cell(row=ligne, column=1).value
    feuille.cell(row=ligne, column=colonne, value="Accueil très apprécié")
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(audit, sortie.getvalue(), "obs.xlsx", simulation=True)
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 1, 16), rapport.erreurs
    assert rapport.changements == [f"ligne {ligne} : Points forts {ancien} → Accueil très apprécié"]
    assert audit.constats.get(numero=numero, nature=Nature.POINT_FORT).texte == ancien
    _importer(audit, sortie.getvalue(), "obs.xlsx")
    assert audit.constats.get(numero=numero, nature=Nature.POINT_FORT).texte == "Accueil très apprécié"
    assert Constat.objects.count() == 17


def test_classeur_fait_pour_des_personnes(audit):
    classeur = load_workbook(io.BytesIO(exporter_constats(audit, "xlsx")))
    assert classeur.sheetnames == ["Observations", "Lisez-moi"]
    feuille = classeur["Observations"]
    assert all(cellule.font.bold for cellule in feuille[1]) and feuille.freeze_panes == "A2"
    # 16 N° (le N° 9 n'a aucune observation), une ligne chacun.
    assert feuille.max_row == 17
    lisez_moi = [[c.value for c in ligne] for ligne in classeur["Lisez-moi"].iter_rows()]
    assert any(ligne[0] == "Module" for ligne in lisez_moi)


@pytest.mark.parametrize("nombre", [2, 20])
def test_reimport_en_requetes_bornees(django_assert_max_num_queries, nombre):
    audit = AuditFactory()
    lignes = "".join(f"{n},Pilotage,Sensible {n},Piste {n},\n" for n in range(1, nombre + 1))
    _importer(audit, ("N°,Module,Points sensibles,Pistes de progrès,Points forts\n" + lignes).encode(), "o.csv")
    fichier = exporter_constats(audit, "xlsx")
    with django_assert_max_num_queries(10):
        rapport = _importer(audit, fichier, "o.xlsx")
    assert rapport.inchanges == 2 * nombre


def test_export_depuis_la_page_de_l_audit_se_reimporte_sans_perte(audit, client):
    from django.urls import reverse

    from organisation.tests.factories import UtilisateurFactory

    client.force_login(UtilisateurFactory(referent=True))
    page = client.get(reverse("audits:audit_detail", kwargs={"pk": audit.pk})).content.decode()
    assert f"{reverse('audits:audit_export', kwargs={'pk': audit.pk})}?format=ods" in page
    reponse = client.get(reverse("audits:audit_export", kwargs={"pk": audit.pk}), {"format": "ods"})
    assert reponse["Content-Disposition"].endswith('.ods"')
    rapport = _importer(audit, reponse.content, "obs.ods")
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 17), rapport.erreurs
