"""La démonstration redonne exactement les résultats publiés du CSV."""

import csv
from decimal import Decimal

import pytest

from indicateurs import demo, selectors
from tests_outils.demo import fixture_demo

pytestmark = pytest.mark.django_db


# Chargée une fois pour le module : ces tests la lisent seulement (le chargement : test_demo_chargement.py).
demo_chargee = fixture_demo(demo.charger)


def test_chaque_resultat_publie_est_recalcule(demo_chargee):
    with open(demo.FICHIER, encoding="utf-8") as fichier:
        publies = list(csv.DictReader(fichier))
    assert len(publies) == 14
    for publie in publies:
        annee = int(publie["periode"])
        jusqu_au_mois = 10 if "31/10" in publie["remarque"] or "même période" in publie["remarque"] else None
        lignes = {ligne.indicateur.code: ligne for ligne in selectors.tableau_indicateurs(annee, jusqu_au_mois)}
        ligne = lignes[publie["indicateur"]]
        assert ligne.valeur == Decimal(publie["valeur"]), publie
        assert ligne.provisoire == (publie["statut"] == "provisoire"), publie


def test_chiffres_cles_de_la_demo(demo_chargee):
    lignes_2022 = {ligne.indicateur.code: ligne for ligne in selectors.tableau_indicateurs(2022)}
    lignes_2023 = {ligne.indicateur.code: ligne for ligne in selectors.tableau_indicateurs(2023)}
    assert lignes_2022["appels_perdus"].valeur_texte == "8,23\u00a0%"
    assert lignes_2022["appels_perdus"].provisoire is False
    assert lignes_2022["appels_perdus"].statut == "atteint"
    assert lignes_2023["appels_perdus"].valeur_texte == "7,25\u00a0%"
    assert lignes_2023["appels_perdus"].provisoire is True
    assert lignes_2023["appels_perdus"].statut == "atteint"
    assert lignes_2023["appels_perdus"].cible_texte == "≤ 10\u00a0%"
    assert lignes_2022["pan_frequentation"].variation_texte == "+19,8\u00a0%"
    assert lignes_2022["reclamations_delai"].valeur_texte == "3,73\u00a0jours"
    # Même période : les réclamations 2023 (janvier à octobre) face à janvier-octobre 2022.
    assert lignes_2023["reclamations_taux_reponse"].valeur_precedente == Decimal("82.85")
    assert lignes_2023["reclamations_delai"].valeur_precedente == Decimal("3.73")
    assert lignes_2023["appels_mysteres_positifs"].valeur == Decimal(93)


@pytest.mark.parametrize(("total", "poids", "attendu"), [(10, [1, 1, 1], [4, 3, 3]), (7, [2, 1], [5, 2])])
def test_repartir(total, poids, attendu):
    assert demo.repartir(total, poids) == attendu


def test_fraction_pour():
    numerateur, denominateur = demo.fraction_pour(Decimal("8.23"), 30000)
    assert (numerateur, denominateur) == (2469, 30000)
