"""L'export en tableau commun : CSV (BOM, « ; »), xlsx, dates à la française, nom de fichier assaini."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qualite import export
from qualite.tableur import lire_date, lire_decimal, lire_tableau

PARIS_ETE = datetime.timezone(datetime.timedelta(hours=2))


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (None, ""),
        ("", ""),
        ("Accueil ; courtoisie", "Accueil ; courtoisie"),
        (7, "7"),
        (Decimal("12.50"), "12,5"),
        (Decimal("100.00"), "100"),
        (Decimal("0.25"), "0,25"),
        (datetime.date(2023, 1, 5), "05/01/2023"),
        (datetime.datetime(2023, 6, 30, 22, 30, tzinfo=datetime.UTC), "01/07/2023 00:30"),
        (datetime.datetime(2023, 6, 30, 22, 30), "30/06/2023 22:30"),
    ],
)
def test_texte_cellule(valeur, attendu):
    assert export.texte_cellule(valeur) == attendu


def test_csv_utf8_avec_bom_point_virgule_et_crlf():
    contenu = export.ecrire_csv(
        ["N°", "Intitulé", "Échéance"], [[1, "Accueil; « courtois »", datetime.date(2024, 3, 1)]]
    )
    assert contenu.startswith(b"\xef\xbb\xbf")
    assert contenu.decode("utf-8-sig") == 'N°;Intitulé;Échéance\r\n1;"Accueil; « courtois »";01/03/2024\r\n'


def test_xlsx_feuille_entete_dates_et_cellules_vides():
    lignes = [["A", datetime.date(2024, 3, 1), Decimal("12.5"), ""], ["B", None, 3, "x"]]
    contenu = export.ecrire_xlsx(
        ["Code", "Échéance", "Valeur", "Note"], lignes, feuille="Un titre de feuille bien trop long"
    )
    feuille = load_workbook(io.BytesIO(contenu)).active
    assert feuille.title == "Un titre de feuille bien trop l"  # 31 caractères, la limite d'Excel
    assert [c.value for c in feuille[1]] == ["Code", "Échéance", "Valeur", "Note"]
    assert all(c.font.bold for c in feuille[1])
    assert feuille["B2"].value == datetime.datetime(2024, 3, 1) and feuille["B2"].number_format == "DD/MM/YYYY"
    assert feuille["C2"].value == 12.5 and feuille["D2"].value is None
    assert [c.value for c in feuille[3]] == ["B", None, 3, "x"]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_le_tableur_relit_l_export(format):
    lignes = [["Premier", datetime.date(2023, 12, 31), Decimal("8.25")]]
    if format == "csv":
        contenu = export.ecrire_csv(["Nom", "Date", "Valeur"], lignes)
    else:
        contenu = export.ecrire_xlsx(["Nom", "Date", "Valeur"], lignes, feuille="Essai")
    colonnes = {"nom": ["Nom"], "date": ["Date"], "valeur": ["Valeur"]}
    (ligne,) = lire_tableau(io.BytesIO(contenu), colonnes=colonnes, nom=f"essai.{format}").lignes
    assert ligne.texte("nom") == "Premier"
    assert lire_date(ligne.valeurs["date"]) == datetime.date(2023, 12, 31)
    assert lire_decimal(ligne.valeurs["valeur"]) == Decimal("8.25")


@pytest.mark.parametrize(
    ("nom", "en_ligne", "type_mime", "disposition"),
    [
        (
            "plan-actions-20240301.csv",
            False,
            "text/csv; charset=utf-8",
            'attachment; filename="plan-actions-20240301.csv"',
        ),
        ("mesures.xlsx", False, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None),
        ("affiche-2023.pdf", True, "application/pdf", 'inline; filename="affiche-2023.pdf"'),
        ('../../etc/pass"wd\r\nX-Autre: 1.csv', False, "text/csv; charset=utf-8", None),
        ("Référentiel Qual-e-Pref.csv", False, "text/csv; charset=utf-8", None),
        ("..", False, "application/octet-stream", 'attachment; filename="export"'),
    ],
)
def test_reponse_fichier(nom, en_ligne, type_mime, disposition):
    reponse = export.reponse_fichier(b"contenu", nom=nom, en_ligne=en_ligne)
    assert reponse["Content-Type"] == type_mime
    entete = reponse["Content-Disposition"]
    if disposition:
        assert entete == disposition
    assert entete.startswith("inline" if en_ligne else "attachment")
    for interdit in ("/", "\\", "\r", "\n", '"wd', ".."):
        assert interdit not in entete.split("filename", 1)[1]
    if "é" in nom:
        assert entete == "attachment; filename*=utf-8''R%C3%A9f%C3%A9rentiel_Qual-e-Pref.csv"


def test_une_formule_exportee_est_neutralisee_et_relue_telle_quelle():
    import io

    from openpyxl import load_workbook

    from qualite.export import ecrire_csv, ecrire_xlsx
    from qualite.tableur import lire_tableau

    formule = '=HYPERLINK("http://exemple.org";"clic")'
    classeur = load_workbook(io.BytesIO(ecrire_xlsx(["Intitulé"], [[formule]], feuille="Actions")))
    cellule = classeur.active["A2"]
    assert cellule.data_type == "s"
    assert cellule.value == "'" + formule
    csv = ecrire_csv(["Intitulé"], [["+33 4 50"], ["@SOMME(A1)"]]).decode("utf-8-sig")
    assert "\r\n'+33 4 50\r\n'@SOMME(A1)" in csv
    colonnes = {"intitule": ["Intitulé"]}
    for contenu, nom in ((ecrire_xlsx(["Intitulé"], [[formule]], feuille="A"), "a.xlsx"), (csv.encode(), "a.csv")):
        tableau = lire_tableau(io.BytesIO(contenu), nom=nom, colonnes=colonnes, obligatoires={"intitule"})
        assert tableau.lignes[0].texte("intitule") in (formule, "+33 4 50")
