"""Issue 16, point 1 et 2 : nombres bornés à la source, grilles enregistrées tout ou rien.

Chaque cas échouait avant la correction : 500 au tableau de bord après `1e20` / `1e21` dans un taux,
500 immédiat avec `NaN`, mois valides enregistrés avant une ligne fautive.
"""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from indicateurs import services
from indicateurs.imports import importer_mesures
from indicateurs.models import Mesure
from indicateurs.tests.factories import IndicateurFactory
from organisation.tests.factories import UtilisateurFactory
from qualite import formatage, nombres
from qualite.imports import executer_import
from qualite.tableur import lire_date, lire_decimal, lire_entier

pytestmark = pytest.mark.django_db

SAISIE = reverse("indicateurs:saisie_mensuelle")
PAGES = ["/", reverse("indicateurs:liste"), reverse("indicateurs:export", args=["csv"]), "/resultats/"]


def _grille(page):
    """Le formulaire de saisie tel qu'affiché (celui qui a des champs de mesure)."""
    formulaires = [f for i, f in page.forms.items() if isinstance(i, int)]
    return next(f for f in formulaires if any("numerateur" in (nom or "") for nom in f.fields))


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referente", referent=True)


@pytest.mark.parametrize(
    ("numerateur", "denominateur", "message"),
    [
        ("999999999999", "999999999999", "hors des bornes"),
        ("1e20", "1e21", "hors des bornes"),
        ("1", "1e21", "hors des bornes"),
        ("NaN", "1", "non reconnu"),
        ("Infinity", "1", "non reconnu"),
        ("-inf", "1", "non reconnu"),
        ("1e999999", "1", "hors des bornes"),
        ("sNaN", "1", "non reconnu"),
        ("1,234", "2", "2 décimales au plus"),
    ],
)
def test_saisie_hors_bornes_refusee_en_francais_et_pages_intactes(app, referent, numerateur, denominateur, message):
    indicateur = IndicateurFactory(code="appels", libelle="Taux d'appels perdus")
    form = _grille(app.get(f"{SAISIE}?mois=2023-10", user=referent))
    form[f"i{indicateur.pk}-numerateur"] = numerateur
    form[f"i{indicateur.pk}-denominateur"] = denominateur
    reponse = form.submit()
    assert reponse.status_code == 200
    assert message in reponse.text and "Taux d&#x27;appels perdus" in reponse.text
    assert not Mesure.objects.exists()
    for url in PAGES:
        assert app.get(url, user=referent).status_code == 200


def test_grille_tout_ou_rien(app, referent):
    """Une ligne fautive : les autres mois de la grille annuelle ne sont pas enregistrés non plus."""
    indicateur = IndicateurFactory(code="appels")
    form = _grille(app.get(reverse("indicateurs:saisie_annee", args=["appels", 2023]), user=referent))
    form["p0-1-numerateur"], form["p0-1-denominateur"] = "5", "100"
    form["p0-2-numerateur"], form["p0-2-denominateur"] = "6", "100"
    form["p0-3-numerateur"], form["p0-3-denominateur"] = "1e21", "1e22"
    reponse = form.submit()
    assert reponse.status_code == 200 and "Rien n&#x27;a été enregistré" in reponse.text
    assert not Mesure.objects.filter(indicateur=indicateur).exists()
    form = _grille(reponse)
    form["p0-3-numerateur"], form["p0-3-denominateur"] = "7", "100"
    assert form.submit().status_code == 302
    assert Mesure.objects.filter(indicateur=indicateur).count() == 3


@pytest.mark.parametrize("valeur", [D("NaN"), D("Infinity"), D("1e20"), D("1000000000"), D("-1")])
def test_le_service_refuse_aussi(valeur):
    indicateur = IndicateurFactory(nombre=True)
    with pytest.raises(ValidationError):
        services.mesure_enregistrer(indicateur=indicateur, annee=2023, mois=1, valeur=valeur)
    assert not Mesure.objects.exists()


def _xlsx(*lignes) -> io.BytesIO:
    classeur = Workbook()
    for ligne in lignes:
        classeur.active.append(list(ligne))
    sortie = io.BytesIO()
    classeur.save(sortie)
    sortie.seek(0)
    return sortie


@pytest.mark.parametrize("valeur", [float("inf"), float("nan"), 1e21, "1e999999", "Infinity", 10**30])
def test_l_import_refuse_et_nomme_la_ligne(valeur):
    IndicateurFactory(code="pan", nombre=True)
    fichier = _xlsx(["Indicateur", "Période", "Valeur"], ["pan", "2023-01", 12], ["pan", "2023-02", valeur])
    rapport = executer_import(importer_mesures, simulation=False, fichier=fichier, nom="mesures.xlsx")
    assert not rapport.valide
    assert rapport.erreurs[0].startswith("Ligne 3 : Valeur : ")
    assert not Mesure.objects.exists()


@pytest.mark.parametrize("texte", ["NaN", "inf", "-Infinity", "1e999999", "1" * 200, "sNaN"])
def test_lire_decimal_refuse_sans_calculer(texte):
    with pytest.raises(ValueError, match="nombre"):
        lire_decimal(texte)


def test_lire_entier_et_date_bornes():
    with pytest.raises(ValueError):
        lire_entier("99999999999999999999")
    for jours in (1e10, -5, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="date"):
            lire_date(jours)
    assert str(lire_date(45000)) == "2023-03-15"


@pytest.mark.parametrize(
    "valeur", [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), D("1e999999"), D("-1e30"), D("1e-999999"), "x"]
)
def test_le_formatage_survit_a_tout_decimal(valeur):
    for fonction in (formatage.nombre, formatage.pourcent, formatage.jours, formatage.variation):
        assert isinstance(fonction(valeur), str)
    assert len(formatage.nombre(valeur, 2)) < 40


def test_validateur_borne_des_modeles():
    validateur = nombres.ValidateurBorne("compte")
    validateur(12)
    with pytest.raises(ValidationError, match="hors des bornes"):
        validateur(10**12)
    assert nombres.entier_d_adresse("99999999999999999999") is None
    assert nombres.entier_d_adresse("12") == 12


GRAND = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/plan-actions/?service={GRAND}",
        f"/plan-actions/?annee={GRAND}",
        f"/plan-actions/?realisee_en={GRAND}&module={GRAND}&engagement={GRAND}",
        "/plan-actions/?annee=0",
        f"/indicateurs/appels/saisie/{GRAND}/",
        "/indicateurs/appels/saisie/9999/",
        "/enquetes/0000/modifier/",
        f"/resultats/{GRAND}/T1/",
        f"/pilotage/instances/{GRAND}/",
    ],
)
def test_identifiants_et_annees_d_adresse_hors_bornes(client, referent, url):
    IndicateurFactory(code="appels")
    client.force_login(referent)
    assert client.get(url).status_code in (200, 404)


def test_saisie_d_une_annee_hors_bornes_n_ecrit_rien(client, referent):
    IndicateurFactory(code="appels")
    client.force_login(referent)
    reponse = client.post("/indicateurs/appels/saisie/9999/", {"p0-1-numerateur": "1", "p0-1-denominateur": "2"})
    assert reponse.status_code == 404 and not Mesure.objects.exists()


def test_effectif_demesure_refuse():
    from organisation.models import Effectif
    from organisation.services.organigramme import effectif_enregistrer
    from organisation.tests.factories import ServiceFactory

    with pytest.raises(ValidationError, match="hors des bornes"):
        effectif_enregistrer(service=ServiceFactory(), date=datetime.date(2023, 1, 1), agents=10**12)
    assert not Effectif.objects.exists()
