"""Issue 16, point 4 : chaque export (csv, xlsx, ods) neutralise les formules, et la relecture rend le texte d'origine.

Avant la correction : pas d'export ods ; un caractère de contrôle dans un texte faisait échouer l'export xlsx.
"""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import UtilisateurFactory
from plan_actions.tests.factories import ActionFactory
from qualite.export import ecrire_csv, ecrire_ods, ecrire_xlsx
from qualite.tableur import lire_tableau

DANGEREUX = ['=HYPERLINK("http://exemple.invalid";"clic")', "+1+1", "-2", "@SUM(A1)", "\tonglet", "\rretour", "'déjà"]
COLONNES = {"texte": ["Texte"]}


@pytest.mark.parametrize("format_", ["csv", "xlsx", "ods"])
def test_neutralise_et_relu_sans_perte(format_):
    ecrire = {"csv": ecrire_csv, "xlsx": lambda e, l: ecrire_xlsx(e, l, feuille="F"), "ods": None}[format_]
    if format_ == "ods":
        contenu = ecrire_ods(["Texte"], [[t] for t in DANGEREUX], feuille="F")
    else:
        contenu = ecrire(["Texte"], [[t] for t in DANGEREUX])
    if format_ == "xlsx":
        feuille = load_workbook(io.BytesIO(contenu)).active
        assert all(cellule.data_type != "f" for ligne in feuille.iter_rows() for cellule in ligne)
        assert all(not str(c.value).startswith(("=", "+", "-", "@")) for c in feuille["A"][1:])
    if format_ == "ods":
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            assert b"formula" not in archive.read("content.xml")
    if format_ == "csv":
        for ligne in contenu.decode("utf-8-sig").splitlines()[1:]:
            assert not ligne.lstrip('"').startswith(("=", "+", "-", "@"))
    relu = lire_tableau(io.BytesIO(contenu), colonnes=COLONNES, nom=f"export.{format_}")
    textes = [ligne.texte("texte", multiligne=True) for ligne in relu.lignes]
    attendus = [t.strip() for t in DANGEREUX]
    assert textes == attendus


def test_caractere_de_controle_ne_casse_pas_le_xlsx():
    contenu = ecrire_xlsx(["Texte"], [["a\x0bb\x01c"]], feuille="F")
    assert load_workbook(io.BytesIO(contenu)).active["A2"].value == "abc"


@pytest.mark.django_db
@pytest.mark.parametrize("format_", ["csv", "xlsx", "ods"])
def test_exports_des_pages(client, format_):
    client.force_login(UtilisateurFactory(username="ref", referent=True))
    ActionFactory(intitule='=HYPERLINK("http://exemple.invalid";"x")', description="@cmd")
    indicateur = IndicateurFactory(code="pan", nombre=True)
    MesureFactory(indicateur=indicateur, valeur=12, numerateur=None, denominateur=None, commentaire="+33 6 00")
    for url in (
        f"{reverse('plan_actions:exporter')}?format={format_}",
        reverse("indicateurs:export", args=[format_]) + "?annee=2023",
    ):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        contenu = reponse.content
        assert b"=HYPERLINK" not in contenu or b"'=HYPERLINK" in contenu or format_ != "csv"
        if format_ == "xlsx":
            feuille = load_workbook(io.BytesIO(contenu)).active
            assert all(cellule.data_type != "f" for ligne in feuille.iter_rows() for cellule in ligne)
