"""Calculs purs, attendus calculés à la main."""

from decimal import Decimal as D

import pytest

from indicateurs import calculs
from indicateurs.calculs import Composantes as C


def test_taux_annuel_pondere_et_non_moyenne_des_taux():
    # Janvier 10 / 100 = 10 % ; février 1 / 900 = 0,11 %. Moyenne des taux : 5,06 % (faux).
    # Pondéré : 11 / 1000 = 1,10 %.
    assert calculs.agreger("ratio", [C(D(10), D(100)), C(D(1), D(900))]) == D("1.10")


def test_taux_arrondi_au_centieme_superieur_a_la_moitie():
    # 2 469 / 30 000 = 8,23 % ; 1 / 8 = 12,5 % ; 1 / 800 = 0,125 % → 0,13 (ROUND_HALF_UP).
    assert calculs.agreger("ratio", [C(D(2469), D(30000))]) == D("8.23")
    assert calculs.agreger("ratio", [C(D(1), D(800))]) == D("0.13")


def test_delai_moyen_pondere():
    # (30 + 10) jours / (10 + 5) réponses = 2,666… → 2,67 (la moyenne des délais 3 et 2 donnerait 2,5).
    assert calculs.agreger("delai_moyen", [C(D(30), D(10)), C(D(10), D(5))]) == D("2.67")


def test_nombre_somme_et_valeur_moyenne():
    assert calculs.agreger("nombre", [C(valeur=D(400)), C(valeur=D(295)), C()]) == D(695)
    assert calculs.agreger("valeur", [C(valeur=D(90)), C(valeur=D(96))]) == D(93)


def test_rien_a_calculer():
    assert calculs.agreger("ratio", []) is None
    assert calculs.agreger("ratio", [C(D(0), D(0))]) is None
    assert calculs.agreger("nombre", [C()]) is None


@pytest.mark.parametrize(
    ("valeur", "sens", "cible", "seuil", "attendu"),
    [
        (D("8.23"), "max", D(10), None, "atteint"),
        (D("10"), "max", D(10), None, "atteint"),
        (D("10.01"), "max", D(10), None, "hors_cible"),
        (D("9.5"), "max", D(10), D(9), "alerte"),
        (D("9"), "max", D(10), D(9), "atteint"),
        (D("82.85"), "min", D(80), None, "atteint"),
        (D("79.99"), "min", D(80), None, "hors_cible"),
        (D("81"), "min", D(80), D(85), "alerte"),
        (D("90"), "min", D(80), D(85), "atteint"),
        (D("90"), "", None, None, "sans_cible"),
        (None, "max", D(10), None, "sans_donnee"),  # une cible, mais rien de mesuré : « Aucune mesure »
    ],
)
def test_statut_dans_les_deux_sens(valeur, sens, cible, seuil, attendu):
    assert calculs.statut(valeur, sens=sens, cible=cible, seuil_alerte=seuil) == attendu


def test_ecart_et_variations():
    assert calculs.ecart(D("8.23"), D(10)) == D("-1.77")
    # 4 695 → 5 625 : 930 / 4 695 = 19,808… % → +19,8.
    assert calculs.variation(D(5625), D(4695), "nombre") == D("19.8")
    # Taux : en points. 7,25 − 8,23 = −0,98.
    assert calculs.variation(D("7.25"), D("8.23"), "ratio") == D("-0.98")
    assert calculs.variation(D(5), D(0), "nombre") is None
