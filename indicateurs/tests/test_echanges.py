"""Mesures et définitions d'indicateurs : aller-retour sans perte dans chaque format, classeur pour des personnes."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from engagements.tests.factories import EngagementFactory, ModuleFactory, ReferentielFactory
from indicateurs.echanges import exporter_indicateurs, exporter_mesures, importer_indicateurs, importer_mesures
from indicateurs.models import Indicateur, Mesure, Periodicite, TypeCalcul
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from qualite.export import FORMATS_TABLEAU
from qualite.imports import executer_import

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db

EXTENSIONS = {"xlsx": "xlsx", "ods": "ods", "csv": "csv", "csv-windows": "csv"}


def _importer(importeur, contenu: bytes, format_fichier: str, simulation=False):
    nom = f"fichier.{EXTENSIONS[format_fichier]}"
    return executer_import(importeur, simulation=simulation, fichier=io.BytesIO(contenu), nom=nom)


@pytest.fixture
def mesures():
    taux = IndicateurFactory(code="appels_perdus", libelle="Taux d'appels perdus", ordre=1)
    delai = IndicateurFactory(code="reclamations_delai", delai=True, ordre=2)
    nombre = IndicateurFactory(code="pan_frequentation", nombre=True, ordre=3)
    annuel = IndicateurFactory(code="satisfaction", annuel=True, unite="%", cible=D("80"), ordre=4)
    for mois, (perdus, recus) in enumerate([(8, 100), (12, 150), (5, 95)], start=1):
        MesureFactory(indicateur=taux, annee=2023, mois=mois, numerateur=D(perdus), denominateur=D(recus))
    MesureFactory(indicateur=taux, annee=2022, mois=1, numerateur=D("7.5"), denominateur=D(100), provisoire=True)
    MesureFactory(indicateur=delai, annee=2023, mois=1, numerateur=D(40), denominateur=D(10), commentaire="=A1 ?")
    MesureFactory(indicateur=nombre, annee=2023, mois=1, numerateur=None, denominateur=None, valeur=D(4695))
    MesureFactory(indicateur=annuel, annee=2023, mois=0, numerateur=None, denominateur=None, valeur=D("93.5"))
    return Mesure.objects.order_by("indicateur__code", "annee", "mois")


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_mesures_aller_retour_sans_perte(mesures, format_fichier):
    fichier = exporter_mesures(mesures, format_fichier)
    rapport = _importer(importer_mesures, fichier, format_fichier)
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 7), rapport.changements
    # Sur une base vide, tout revient à l'identique.
    avant = exporter_mesures(Mesure.objects.all(), "csv")
    Mesure.objects.all().delete()
    rapport = _importer(importer_mesures, fichier, format_fichier)
    assert rapport.valide and rapport.crees == 7, rapport.erreurs
    assert exporter_mesures(Mesure.objects.all(), "csv") == avant


def test_mesures_classeur_avec_valeurs_calculees(mesures):
    classeur = load_workbook(io.BytesIO(exporter_mesures(mesures, "xlsx")))
    assert classeur.sheetnames == ["Mesures", "Lisez-moi"]
    feuille = classeur["Mesures"]
    entetes = [cellule.value for cellule in feuille[1]]
    lignes = [dict(zip(entetes, ligne, strict=True)) for ligne in feuille.iter_rows(min_row=2)]
    fevrier = next(c for c in lignes if c["Indicateur"].value == "appels_perdus" and c["Période"].value == "2023-02")
    assert fevrier["Libellé"].value == "Taux d'appels perdus"
    assert fevrier["Début de la période"].value == datetime.datetime(2023, 2, 1)
    assert fevrier["Valeur de la période"].value == pytest.approx(0.08)
    assert fevrier["Valeur de la période"].number_format == "0.00%"
    # Janvier et février : 20 appels perdus sur 250.
    assert fevrier["Valeur de l'année à cette date"].value == pytest.approx(0.08)
    mars = next(c for c in lignes if c["Période"].value == "2023-03")
    assert mars["Valeur de l'année à cette date"].value == pytest.approx(25 / 345, abs=1e-4)
    delai = next(c for c in lignes if c["Indicateur"].value == "reclamations_delai")
    assert delai["Valeur de la période"].value == 4 and delai["Valeur de la période"].number_format != "0.00%"
    assert delai["Commentaire"].value == "'=A1 ?"
    assert all(ligne["Valeur de la période"].value is not None for ligne in lignes)
    lisez_moi = [[c.value for c in ligne] for ligne in classeur["Lisez-moi"].iter_rows()]
    assert ["Valeur de la période", "non", "calculée par l'application (taux au format pourcentage)"] in lisez_moi


def test_mesure_modifiee_dans_le_tableur(mesures):
    classeur = load_workbook(io.BytesIO(exporter_mesures(mesures, "xlsx")))
    feuille = classeur["Mesures"]
    entetes = [cellule.value for cellule in feuille[1]]
    feuille.cell(row=2, column=entetes.index("Numérateur") + 1, value=9)
    feuille.cell(row=2, column=entetes.index("Valeur de la période") + 1, value=0.5)  # colonne non relue
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(importer_mesures, sortie.getvalue(), "xlsx")
    assert (rapport.mis_a_jour, rapport.inchanges) == (1, 6), rapport.erreurs
    assert rapport.changements == ["ligne 2 : Numérateur 7,5 → 9"]
    assert Mesure.objects.get(annee=2022).numerateur == D(9)


@pytest.fixture
def definitions():
    referentiel = ReferentielFactory(code="qual-e-pref", titre="Qual-e-Pref", version="2023")
    module = ModuleFactory(referentiel=referentiel, numero=1)
    engagements = [EngagementFactory(module=module, numero=n) for n in (2, 17)]
    # Les mêmes numéros dans une autre version : le fichier dit laquelle.
    ancienne = ReferentielFactory(code="qual-e-pref", titre="Qual-e-Pref", version="2019")
    EngagementFactory(module=ModuleFactory(referentiel=ancienne, numero=1), numero=2)
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    taux = IndicateurFactory(
        code="appels_perdus",
        libelle="Taux d'appels perdus",
        mode_calcul="appels perdus / appels reçus\nsur la plateforme",
        service_recueil=service,
        seuil_alerte=D("8.5"),
        date_debut=datetime.date(2019, 1, 1),
    )
    taux.engagements.set(engagements)
    IndicateurFactory(
        code="pan", nombre=True, periodicite=Periodicite.TRIMESTRIELLE, date_fin=datetime.date(2024, 6, 30)
    )
    return Indicateur.objects.order_by("code")


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_definitions_aller_retour_sans_perte(definitions, format_fichier):
    fichier = exporter_indicateurs(definitions, format_fichier)
    rapport = _importer(importer_indicateurs, fichier, format_fichier)
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 2), rapport.changements
    avant = exporter_indicateurs(Indicateur.objects.order_by("code"), "csv")
    Indicateur.objects.all().delete()
    rapport = _importer(importer_indicateurs, fichier, format_fichier)
    assert rapport.valide and rapport.crees == 2, rapport.erreurs
    assert exporter_indicateurs(Indicateur.objects.order_by("code"), "csv") == avant
    assert sorted(e.referentiel.version for e in Indicateur.objects.get(code="appels_perdus").engagements.all()) == [
        "2023",
        "2023",
    ]


def test_definition_nouvelle_et_erreurs_nommees(definitions):
    entete = "Code;Libellé;Calcul;Sens;Cible;Périodicité;Service;Référentiel;Version;Engagements\r\n"
    contenu = (
        entete + "reclamations_taux;Taux de réponse;Taux;Cible minimale;90;Mensuelle;Pôle accueil téléphonique;"
        "qual-e-pref;2019;1.2\r\n" + "faux;Faux;Moyenne;;;Hebdomadaire;Inconnu;qual-e-pref;;1.2\r\n"
    ).encode()
    rapport = _importer(importer_indicateurs, contenu, "csv")
    assert rapport.erreurs == [
        "Ligne 3 : colonne « Calcul » : « Moyenne » n'est pas reconnu (valeurs possibles : "
        "Taux (numérateur / dénominateur × 100), Délai moyen (total des délais / nombre de réponses), "
        "Nombre (somme des périodes), Valeur saisie (enquête))",
        "Ligne 3 : colonne « Périodicité » : « Hebdomadaire » n'est pas reconnu (valeurs possibles : "
        "Mensuelle, Trimestrielle, Annuelle)",
        "Ligne 3 : colonne « Service » : service « Inconnu » inconnu (nom exact d'un service de l'organisation)",
        "Ligne 3 : colonne « Engagements » : référentiel « qual-e-pref » en plusieurs versions (2019, 2023) : "
        "remplissez « Version » (colonnes « Référentiel » et « Version »)",
    ]
    rapport = _importer(importer_indicateurs, contenu.split(b"faux;")[0], "csv")
    assert rapport.valide and rapport.crees == 1, rapport.erreurs
    nouveau = Indicateur.objects.get(code="reclamations_taux")
    assert (nouveau.type_calcul, nouveau.cible) == (TypeCalcul.RATIO, D(90))
    assert [e.referentiel.version for e in nouveau.engagements.all()] == ["2019"]


def test_pages_et_commandes_des_definitions(definitions, client, tmp_path):
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.get(reverse("indicateurs:definitions_export", args=["ods"]))
    assert reponse["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert client.get(reverse("indicateurs:definitions_import")).status_code == 200
    chemin = tmp_path / "definitions.xlsx"
    call_command("exporter_indicateurs", str(chemin), stdout=io.StringIO())
    sortie = io.StringIO()
    call_command("importer_indicateurs", str(chemin), "--dry-run", stdout=sortie)
    assert "0 créé, 0 mis à jour, 2 inchangés" in sortie.getvalue()
    chemin = tmp_path / "mesures.csv"
    MesureFactory(indicateur=definitions.get(code="appels_perdus"))
    call_command("exporter_mesures", str(chemin), "--windows", stdout=io.StringIO())
    assert chemin.read_bytes().decode("cp1252").startswith("Indicateur;Libellé;Période")
    sortie = io.StringIO()
    call_command("importer_mesures", str(chemin), "--dry-run", stdout=sortie)
    assert "0 créé, 0 mis à jour, 1 inchangé" in sortie.getvalue()


def test_import_des_definitions_soumis_tel_qu_affiche(app, definitions):
    from webtest import Upload

    from tests_outils.formulaires import formulaire, soumettre

    referent = UtilisateurFactory(referent=True)
    contenu = exporter_indicateurs(definitions, "xlsx")
    classeur = load_workbook(io.BytesIO(contenu))
    feuille = classeur["Indicateurs"]
    entetes = [cellule.value for cellule in feuille[1]]
    feuille.cell(row=2, column=entetes.index("Cible") + 1, value=9)
    sortie = io.BytesIO()
    classeur.save(sortie)
    url = reverse("indicateurs:definitions_import")
    apercu = soumettre(app, url, referent, {"fichier": Upload("definitions.xlsx", sortie.getvalue())})
    assert "ligne 2 : Cible 10 → 9" in apercu.text
    assert Indicateur.objects.get(code="appels_perdus").cible == D(10)
    formulaire(apercu, "jeton").submit()
    assert Indicateur.objects.get(code="appels_perdus").cible == D(9)


def test_choix_du_mois_soumis_tel_qu_affiche(app):
    from tests_outils.formulaires import soumettre

    referent = UtilisateurFactory(referent=True)
    IndicateurFactory(code="appels")
    reponse = soumettre(app, reverse("indicateurs:saisie_mensuelle"), referent, {"mois": "2023-11"})
    assert "Saisie mensuelle : novembre 2023" in reponse.text
