"""Lecture des tableaux importés : en-têtes, cellules, dates, nombres, choix."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from qualite.tableur import (
    ErreurTableur,
    correspondance,
    lire_date,
    lire_decimal,
    lire_entier,
    lire_tableau,
    nettoyer,
    normaliser,
)

COLONNES = {"numero": ["N°"], "nature": ["Points sensibles"], "texte": ["Description"]}


@pytest.mark.parametrize(
    ("libelle", "attendu"),
    [
        ("Points sensibles", "point sensible"),
        ("POINT SENSIBLE", "point sensible"),
        ("Pistes de progrès", "piste de progre"),
        ("Piste de progres", "piste de progre"),
        ("  n° ", "numero"),
        ("Échéance", "echeance"),
    ],
)
def test_normaliser(libelle, attendu):
    assert normaliser(libelle) == attendu


def test_nettoyer_retours_a_la_ligne_et_espaces_insecables():
    assert nettoyer("Bon\u00a0niveau\n de\r\nconnaissance ") == "Bon niveau de connaissance"
    assert nettoyer("Ligne 1\r\n  Ligne\u00a02 ", multiligne=True) == "Ligne 1\nLigne 2"


def test_en_tete_sous_des_lignes_de_titre_csv():
    contenu = "Rapport d'audit 2023;;\n;;\nN°;POINT SENSIBLE;description\n1;Oui;Texte\u00a0un\n;;\n".encode()
    tableau = lire_tableau(io.BytesIO(contenu), colonnes=COLONNES, nom="audit.csv")
    assert tableau.ligne_entete == 3
    assert [ligne.numero for ligne in tableau.lignes] == [4]
    assert tableau.lignes[0].texte("texte") == "Texte un"


def test_xlsx_avec_cellules_multilignes():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["Titre du document"])
    feuille.append(["n°", "Points sensibles", "Description"])
    feuille.append([1, "x", "première\nseconde"])
    flux = io.BytesIO()
    classeur.save(flux)
    tableau = lire_tableau(io.BytesIO(flux.getvalue()), colonnes=COLONNES, nom="audit.xlsx")
    ligne = tableau.lignes[0]
    assert ligne.numero == 3
    assert ligne.texte("numero") == "1"
    assert ligne.texte("texte") == "première seconde"
    assert ligne.texte("texte", multiligne=True) == "première\nseconde"


def test_en_tete_introuvable():
    with pytest.raises(ErreurTableur, match="En-tête introuvable"):
        lire_tableau(io.BytesIO(b"a;b\n1;2\n"), colonnes=COLONNES, nom="x.csv")


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("31/10/2023", date(2023, 10, 31)),
        ("2023-10-31", date(2023, 10, 31)),
        (45230, date(2023, 10, 31)),
        ("45230", date(2023, 10, 31)),
        (datetime(2023, 10, 31, 0, 0), date(2023, 10, 31)),
        ("", None),
    ],
)
def test_lire_date(valeur, attendu):
    assert lire_date(valeur) == attendu


def test_lire_date_invalide_nomme_la_valeur():
    with pytest.raises(ValueError, match="« 31/13/2023 »"):
        lire_date("31/13/2023")


def test_nombres():
    assert lire_decimal("8,23 %") == Decimal("8.23")
    assert lire_decimal("1 234,5") == Decimal("1234.5")
    assert lire_entier("12") == 12
    with pytest.raises(ValueError, match="entier"):
        lire_entier("1,5")
    with pytest.raises(ValueError, match="douze"):
        lire_entier("douze")


@pytest.mark.parametrize("saisie", ["réalisé", "Réalisée", "REALISEE", "realisee", " réalisée "])
def test_correspondance_quels_que_soient_casse_accents_et_genre(saisie):
    assert correspondance(saisie, {"en_cours": "En cours", "realisee": "Réalisée"}) == "realisee"


@pytest.mark.parametrize("saisie", ["abandonné", "Abandonnée", "ABANDONNEE"])
def test_correspondance_abandonnee(saisie):
    assert correspondance(saisie, {"abandonnee": "Abandonnée", "a_lancer": "À lancer"}) == "abandonnee"


def test_correspondance_inconnue_liste_les_valeurs_possibles():
    with pytest.raises(ValueError, match="valeurs possibles : En cours, Réalisée"):
        correspondance("terminée", {"en_cours": "En cours", "realisee": "Réalisée"})
