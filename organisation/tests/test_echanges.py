"""Organisation : aller-retour sans perte dans chaque format, fichier retouché dans un tableur, mise en forme."""

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from organisation.echanges import exporter_organisation, importer_organisation
from organisation.models import Effectif, Service, Site
from qualite.export import FORMATS_TABLEAU
from qualite.imports import executer_import

from .factories import SiteFactory

pytestmark = pytest.mark.django_db

DATE = datetime.date(2024, 12, 31)
NOMS = {"xlsx": "org.xlsx", "ods": "org.ods", "csv": "org.csv", "csv-windows": "org.csv"}
CSV = (
    "Entité;Direction;Service;Agents;Site\r\n"
    "Préfecture;Cabinet;Bureau de la communication;4;\r\n"
    "Préfecture;;Pôle accueil, courrier;7;\r\n"
    "Sous-préfecture de Dole;;Bureau des usagers;3;Sous-préfecture de Dole\r\n"
)


def _importer(contenu: bytes, nom: str, simulation=False, date=DATE):
    return executer_import(
        importer_organisation, simulation=simulation, fichier=io.BytesIO(contenu), nom=nom, utilisateur=None, date=date
    )


@pytest.fixture
def organisation():
    SiteFactory(nom="Préfecture du Jura")
    SiteFactory(nom="Sous-préfecture de Dole", type=Site.Type.SOUS_PREFECTURE)
    rapport = _importer(CSV.encode(), "org.csv")
    assert rapport.valide and rapport.crees == 3, rapport.erreurs


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_aller_retour_sans_perte(organisation, format_fichier):
    fichier = exporter_organisation(date=DATE, format=format_fichier)
    rapport = _importer(fichier, NOMS[format_fichier])
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 3), rapport.changements
    assert rapport.changements == []


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_reimport_a_une_autre_date_cree_les_effectifs_sans_services(organisation, format_fichier):
    fichier = exporter_organisation(date=DATE, format=format_fichier)
    services = Service.objects.count()
    rapport = _importer(fichier, NOMS[format_fichier], date=datetime.date(2025, 12, 31))
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (3, 0, 0), rapport.erreurs
    assert Service.objects.count() == services
    assert exporter_organisation(date=datetime.date(2025, 12, 31), format="csv") == exporter_organisation(
        date=DATE, format="csv"
    )


def test_fichier_modifie_dans_excel_ne_change_que_les_cellules_modifiees(organisation):
    classeur = load_workbook(io.BytesIO(exporter_organisation(date=DATE, format="xlsx")))
    feuille = classeur["Organisation"]
    entetes = [cellule.value for cellule in feuille[1]]
    assert entetes == ["Entité", "Direction", "Service", "Agents", "Site"]
    ligne = next(n for n in range(2, 5) if feuille.cell(row=n, column=3).value == "Bureau de la communication")
    feuille.cell(row=ligne, column=4, value=5)
    feuille.cell(row=ligne, column=5, value="Sous-préfecture de Dole")
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(sortie.getvalue(), "org.xlsx", simulation=True)
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 1, 2), rapport.erreurs
    assert rapport.changements == [
        f"ligne {ligne} : Agents 4 → 5",
        f"ligne {ligne} : Site Préfecture du Jura → Sous-préfecture de Dole",
    ]
    assert Effectif.objects.get(service__nom="Bureau de la communication").agents == 4
    rapport = _importer(sortie.getvalue(), "org.xlsx")
    service = Service.objects.get(nom="Bureau de la communication")
    assert service.effectifs.get().agents == 5 and service.site.nom == "Sous-préfecture de Dole"
    assert Service.objects.get(nom="Cabinet").site.nom == "Préfecture du Jura"


def test_classeur_fait_pour_des_personnes(organisation):
    classeur = load_workbook(io.BytesIO(exporter_organisation(date=DATE, format="xlsx")))
    assert classeur.sheetnames == ["Organisation", "Lisez-moi"]
    feuille = classeur["Organisation"]
    assert all(cellule.font.bold for cellule in feuille[1])
    assert feuille.freeze_panes == "A2" and feuille.auto_filter.ref == "A1:E4"
    lignes = [[c.value for c in ligne] for ligne in feuille.iter_rows(min_row=2)]
    assert ["Préfecture", "", "Pôle accueil, courrier", 7, "Préfecture du Jura"] in [
        [v or "" if i != 3 else v for i, v in enumerate(ligne)] for ligne in lignes
    ]


def test_erreurs_nomment_ligne_et_colonne(organisation):
    contenu = (
        "Entité;Direction;Service;Agents;Site\r\n"
        "Préfecture;Cabinet;Secrétariat;douze;\r\n"
        ";Cabinet;Autre;2;\r\n"
        "Préfecture;;Bureau;2;Site inconnu\r\n"
        "Préfecture;;Bureau;3;\r\n"
    ).encode()
    rapport = _importer(contenu, "org.csv")
    assert rapport.erreurs == [
        "Ligne 2 : colonne « Agents » : nombre « douze » non reconnu",
        "Ligne 3 : colonne « Entité » : entité vide",
        "Ligne 4 : colonne « Site » : site « Site inconnu » inconnu (créez-le d'abord dans Organisation › Sites)",
        "Ligne 5 : colonne « Service » : ce service figure déjà ligne 4",
    ]
    assert Service.objects.count() == 6


def test_doublon_refuse(organisation):
    contenu = "Entité;Service;Agents\r\nPréfecture;Bureau;2\r\nPréfecture;Bureau;3\r\n".encode()
    rapport = _importer(contenu, "org.csv")
    assert rapport.erreurs == ["Ligne 3 : colonne « Service » : ce service figure déjà ligne 2"]


def test_commandes_exporter_puis_importer_en_simulation(organisation, tmp_path):
    chemin = tmp_path / "org.ods"
    sortie = io.StringIO()
    call_command("exporter_organisation", str(chemin), "--date", "2024-12-31", stdout=sortie)
    assert "3 lignes écrites" in sortie.getvalue()
    sortie = io.StringIO()
    call_command("importer_organisation", str(chemin), "--dry-run", "--date", "2024-12-31", stdout=sortie)
    assert "0 créé, 0 mis à jour, 3 inchangés" in sortie.getvalue()


@pytest.mark.parametrize("nombre", [3, 30])
def test_import_en_requetes_bornees(django_assert_max_num_queries, nombre):
    SiteFactory(nom="Préfecture du Jura")
    lignes = "".join(f"Préfecture;Direction {i % 3};Bureau {i};{i}\r\n" for i in range(nombre))
    contenu = ("Entité;Direction;Service;Agents\r\n" + lignes).encode()
    _importer(contenu, "org.csv")
    fichier = exporter_organisation(date=DATE, format="xlsx")
    with django_assert_max_num_queries(8):
        rapport = _importer(fichier, "org.xlsx")
    assert rapport.inchanges == nombre


def test_export_dans_le_navigateur_se_reimporte_sans_perte(organisation, client):
    from django.urls import reverse

    from .factories import UtilisateurFactory

    client.force_login(UtilisateurFactory(referent=True))
    page = client.get(reverse("organisation:organisation"))
    assert reverse("organisation:exporter") + "?date=2024-12-31" in page.content.decode()
    reponse = client.get(reverse("organisation:exporter"), {"date": "2024-12-31", "format": "ods"})
    assert reponse.status_code == 200 and reponse["Content-Disposition"].endswith('organisation-20241231.ods"')
    rapport = _importer(reponse.content, "org.ods")
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 3), rapport.erreurs
