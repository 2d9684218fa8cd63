"""Issue 16, points 3 et 5 : imports qui refusent proprement, contrôle ODF borné, aperçus purgés.

Avant la correction : 500 sur un xlsx à la feuille tronquée, un classeur sans feuille, une cellule de 131 000
caractères (CSV), une date Excel 1e10 ; 32 s pour 400 000 lignes vides ; 1,1 Go lus pour le `mimetype`
d'un .ods ; les aperçus abandonnés restaient pour toujours.
"""

import io
import os
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from engagements.fichiers import verifier_fichier_preuve
from indicateurs.models import Mesure
from indicateurs.tests.factories import IndicateurFactory
from organisation.tests.factories import UtilisateurFactory
from qualite import imports, tableur
from qualite.tableur import ErreurTableur, lire_tableau

COLONNES = {"indicateur": ["Indicateur"], "periode": ["Période"], "valeur": ["Valeur"]}


def _xlsx(lignes, *, titre="Mesures") -> bytes:
    classeur = Workbook()
    classeur.active.title = titre
    for ligne in lignes:
        classeur.active.append(list(ligne))
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _remplacer_membre(contenu: bytes, nom: str, nouveau: bytes | None) -> bytes:
    sortie = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(contenu)) as source, zipfile.ZipFile(sortie, "w") as cible:
        for info in source.infolist():
            if info.filename == nom:
                if nouveau is not None:
                    cible.writestr(info, nouveau)
            else:
                cible.writestr(info, source.read(info))
    return sortie.getvalue()


def _lire(contenu: bytes, nom: str):
    return lire_tableau(io.BytesIO(contenu), colonnes=COLONNES, nom=nom)


ENTETE = ["Indicateur", "Période", "Valeur"]


def test_feuille_xml_tronquee():
    contenu = _xlsx([ENTETE] + [["pan", "2023-01", n] for n in range(200)])
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        feuille = archive.read("xl/worksheets/sheet1.xml")
    abime = _remplacer_membre(contenu, "xl/worksheets/sheet1.xml", feuille[: len(feuille) // 2])
    with pytest.raises(ErreurTableur, match="« mesures.xlsx », feuille « Mesures »"):
        _lire(abime, "mesures.xlsx")


def test_classeur_sans_feuille():
    contenu = _xlsx([ENTETE])
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        classeur = archive.read("xl/workbook.xml")
    debut, fin = classeur.index(b"<sheets>"), classeur.index(b"</sheets>") + len(b"</sheets>")
    sans = _remplacer_membre(contenu, "xl/workbook.xml", classeur[:debut] + b"<sheets/>" + classeur[fin:])
    with pytest.raises(ErreurTableur, match="mesures.xlsx"):
        _lire(sans, "mesures.xlsx")


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_cellule_demesuree_nommee(format_):
    long = "x" * 131_000
    if format_ == "csv":
        contenu = f"Indicateur;Période;Valeur\npan;2023-01;{long}\n".encode()
        attendu = "ligne 2"
    else:
        contenu = _xlsx([ENTETE, ["pan", "2023-01", long[:32_000]]])
        attendu = "ligne 2, cellule C2"
    with pytest.raises(ErreurTableur, match=attendu):
        _lire(contenu, f"mesures.{format_}")


def test_quatre_cent_mille_lignes_vides_lues_vite():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(ENTETE)
    feuille.append(["pan", "2023-01", 5])
    feuille.cell(row=400_000, column=1, value=None)
    feuille.cell(row=400_000, column=1).number_format = "0"  # la ligne 400 000 existe, vide
    sortie = io.BytesIO()
    classeur.save(sortie)
    debut = time.monotonic()
    tableau = _lire(sortie.getvalue(), "vides.xlsx")
    assert time.monotonic() - debut < 3
    assert [ligne.numero for ligne in tableau.lignes] == [2]


def test_trop_de_lignes_et_de_colonnes(settings, monkeypatch):
    monkeypatch.setattr(tableur, "LIGNES_MAX", 50)
    contenu = ("Indicateur;Période;Valeur\n" + "pan;2023-01;1\n" * 60).encode()
    with pytest.raises(ErreurTableur, match="plus de 50 lignes"):
        _lire(contenu, "long.csv")
    large = (";".join(ENTETE + ["x"] * 150) + "\n").encode()
    with pytest.raises(ErreurTableur, match="plus de 100 colonnes"):
        _lire(large, "large.csv")


def test_trop_gros_refuse_avant_lecture(monkeypatch):
    monkeypatch.setattr(tableur, "TAILLE_MAX", 1000)
    with pytest.raises(ErreurTableur, match="trop volumineux"):
        _lire(b"Indicateur;P\xc3\xa9riode;Valeur\n" + b"pan;2023-01;1\n" * 200, "gros.csv")


@pytest.mark.parametrize(
    "contenu",
    [
        "Indicateur;Période;Valeur\npan;2023-01;5\n".encode(),
        "Indicateur;Période;Valeur\npan;2023-01;5\n".encode("utf-8-sig"),
        "Indicateur;Période;Valeur\npan;2023-01;5\n".encode("cp1252"),
    ],
    ids=["utf8", "bom", "cp1252"],
)
def test_trois_encodages_csv(contenu):
    tableau = _lire(contenu, "mesures.csv")
    assert tableau.lignes[0].texte("periode") == "2023-01"


def test_csv_illisible_en_francais():
    with pytest.raises(ErreurTableur, match="Encodage"):
        _lire(b"Indicateur;Valeur\n\x81\x8d\x8f\x90\x9d\xff\xfe", "bizarre.csv")


def _ods(lignes) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Mesures")
    for ligne in lignes:
        rangee = TableRow()
        for valeur in ligne:
            if isinstance(valeur, (int, float)):
                cellule = TableCell(valuetype="float", value=valeur)
            else:
                cellule = TableCell(valuetype="string")
            cellule.addElement(P(text=str(valeur)))
            rangee.addElement(cellule)
        table.addElement(rangee)
    document.spreadsheet.addElement(table)
    sortie = io.BytesIO()
    document.write(sortie)
    return sortie.getvalue()


def test_ods_lu_et_ods_abime_refuse():
    tableau = _lire(_ods([ENTETE, ["pan", "2023-01", 5]]), "mesures.ods")
    assert tableau.lignes[0].valeurs["valeur"] == "5"
    with pytest.raises(ErreurTableur, match="mesures.ods"):
        _lire(b"PK\x03\x04pas une archive", "mesures.ods")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("abime.xlsx", b"PK\x03\x04" + os.urandom(200)),
        ("abime.ods", b"PK\x03\x04" + os.urandom(200)),
        ("vide.csv", b""),
        ("date.csv", "Indicateur;Période;Valeur\npan;2023-01;1e999999\n".encode()),
        ("inf.csv", "Indicateur;Période;Valeur\npan;2023-01;Infinity\n".encode()),
        ("long.csv", ("Indicateur;Période;Valeur\npan;2023-01;" + "9" * 131_000 + "\n").encode()),
    ],
)
def test_la_page_d_import_refuse_en_francais(app, nom, contenu):
    IndicateurFactory(code="pan", nombre=True)
    referent = UtilisateurFactory(username="referente", referent=True)
    page = app.get(reverse("indicateurs:import"), user=referent)
    form = next(f for f in page.forms.values() if "fichier" in f.fields)
    form["fichier"] = (nom, contenu)
    reponse = form.submit()
    assert reponse.status_code == 200
    assert "Import refusé" in reponse.text or "Le fichier soumis est vide" in reponse.text
    assert not Mesure.objects.exists()


def test_purge_des_apercus(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ancien = imports.mettre_en_attente(SimpleUploadedFile("a.csv", b"x"))
    recent = imports.mettre_en_attente(SimpleUploadedFile("b.csv", b"x"))
    chemin = imports.fichier_en_attente(ancien)
    vieux = time.time() - 25 * 3600
    os.utime(chemin, (vieux, vieux))
    from qualite.tasks import purger_imports_en_attente

    assert purger_imports_en_attente.delay().get() == 1
    assert imports.fichier_en_attente(ancien) is None and imports.fichier_en_attente(recent) is not None
    assert "qualite.tasks.purger_imports_en_attente" in {
        tache["task"] for tache in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_controle_odf_borne_en_memoire():
    """Un `mimetype` gonflé (50 Mo de zéros, 50 Ko compressés) n'est pas lu."""
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet" + b"\0" * 50_000_000)
        archive.writestr("content.xml", b"<x/>")
    fichier = SimpleUploadedFile("preuve.ods", sortie.getvalue())
    tracemalloc.start()
    with pytest.raises(ValidationError, match="ne correspond pas"):
        verifier_fichier_preuve(fichier)
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert pic < 5_000_000


def test_controle_odf_accepte_un_vrai_ods():
    verifier_fichier_preuve(SimpleUploadedFile("preuve.ods", _ods([["a"]])))


@pytest.mark.django_db
def test_requete_trop_grosse_refusee_avant_lecture(client, settings):
    settings.TAILLE_MAX_REQUETE = 1000
    reponse = client.post(reverse("login"), {"username": "x" * 2000, "password": "y"})
    assert reponse.status_code == 413 and "trop volumineux" in reponse.content.decode()
    assert client.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 200
