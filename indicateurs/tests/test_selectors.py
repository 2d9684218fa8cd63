"""Selectors : même période, année provisoire, requêtes en nombre constant."""

from decimal import Decimal as D

import pytest

from indicateurs import selectors

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db


def _mois(indicateur, annee, mois, num, den, **kwargs):
    return MesureFactory(
        indicateur=indicateur, annee=annee, mois=mois, numerateur=D(num), denominateur=D(den), **kwargs
    )


def test_annee_complete_ponderee_et_definitive():
    indicateur = IndicateurFactory(code="appels")
    for mois in range(1, 13):
        _mois(indicateur, 2022, mois, 10 if mois < 12 else 130, 100 if mois < 12 else 1900)
    # (11 × 10 + 130) / (11 × 100 + 1 900) = 240 / 3 000 = 8,00 %.
    resultat = selectors.valeur_periode(indicateur, 2022)
    assert resultat.valeur == D("8.00")
    assert resultat.provisoire is False
    assert resultat.jusqu_au_mois == 12


def test_annee_en_cours_provisoire_comparee_a_la_meme_periode():
    indicateur = IndicateurFactory(code="appels", cible=D(10))
    # 2022 : janvier 5/100, février 15/100, mars 40/100 (hors de la même période).
    _mois(indicateur, 2022, 1, 5, 100)
    _mois(indicateur, 2022, 2, 15, 100)
    _mois(indicateur, 2022, 3, 40, 100)
    # 2023 : janvier 6/100, février 12/200 → 18 / 300 = 6,00 %.
    _mois(indicateur, 2023, 1, 6, 100)
    _mois(indicateur, 2023, 2, 12, 200)
    (ligne,) = selectors.tableau_indicateurs(2023)
    assert ligne.valeur == D("6.00")
    assert ligne.provisoire is True
    assert ligne.jusqu_au_mois == 2
    # Même période 2022 : (5 + 15) / 200 = 10,00 % (mars exclu ; l'année entière ferait 20,00 %).
    assert ligne.valeur_precedente == D("10.00")
    assert ligne.variation == D("-4.00")
    assert ligne.statut == "atteint"
    assert ligne.ecart == D("-4.00")
    assert ligne.periode_texte == "2023 (janvier à février)"


def test_mesure_provisoire_rend_l_annee_provisoire():
    indicateur = IndicateurFactory(code="delai", delai=True)
    for mois in range(1, 13):
        _mois(indicateur, 2022, mois, 30, 10, provisoire=(mois == 12))
    resultat = selectors.valeur_periode(indicateur, 2022)
    assert resultat.valeur == D("3.00")
    assert resultat.provisoire is True


def test_jusqu_au_mois_explicite():
    indicateur = IndicateurFactory(code="pan", nombre=True)
    for mois in range(1, 13):
        MesureFactory(indicateur=indicateur, annee=2022, mois=mois, numerateur=None, denominateur=None, valeur=D(mois))
    assert selectors.valeur_periode(indicateur, 2022, jusqu_au_mois=3).valeur == D(6)


def test_sens_minimal_hors_cible():
    indicateur = IndicateurFactory(code="reponses", sens="min", cible=D(80))
    _mois(indicateur, 2023, 1, 70, 100)
    (ligne,) = selectors.tableau_indicateurs(2023)
    assert ligne.statut == "hors_cible"
    assert ligne.action_proposable is True
    assert ligne.cible_texte == "≥ 80\u00a0%"


def test_serie_mensuelle_douze_mois_avec_l_annee_precedente():
    indicateur = IndicateurFactory(code="appels")
    _mois(indicateur, 2023, 3, 12, 100)
    _mois(indicateur, 2022, 3, 9, 100)
    serie = selectors.serie_mensuelle(indicateur, 2023)
    assert len(serie) == 12
    assert serie[2].valeur == D("12.00") and serie[2].valeur_precedente == D("9.00")
    assert serie[2].statut == "hors_cible"
    assert serie[0].valeur is None and serie[0].mesure is None


def test_tableau_en_requetes_constantes(django_assert_max_num_queries):
    for numero in range(8):
        indicateur = IndicateurFactory(code=f"ind{numero}")
        for mois in range(1, 13):
            _mois(indicateur, 2022, mois, 5, 100)
            _mois(indicateur, 2023, mois, 5, 100)
    with django_assert_max_num_queries(3):
        lignes = selectors.tableau_indicateurs(2023)
        assert [ligne.valeur_texte for ligne in lignes] == ["5\u00a0%"] * 8


def test_tableau_de_la_derniere_annee_comme_annee_par_defaut(django_assert_max_num_queries):
    import datetime

    aujourdhui = datetime.date(2026, 11, 29)
    assert selectors.tableau_de_la_derniere_annee(aujourdhui) == (2026, [])  # rien de mesuré : l'année en cours
    appels, courriers = IndicateurFactory(code="appels"), IndicateurFactory(code="courriers")
    for annee, mois, num in [(2019, 4, 3), (2021, 5, 9), (2022, 1, 5), (2022, 2, 15), (2023, 1, 6), (2023, 2, 12)]:
        _mois(appels, annee, mois, num, 100)
    _mois(courriers, 2021, 3, 50, 100)
    assert selectors.annee_par_defaut(aujourdhui) == 2023
    with django_assert_max_num_queries(3):
        annee, lignes = selectors.tableau_de_la_derniere_annee(aujourdhui)
    assert annee == 2023
    attendues = selectors.tableau_indicateurs(2023)
    assert [(ligne.indicateur.code, ligne.valeur, ligne.valeur_precedente) for ligne in lignes] == [
        (ligne.indicateur.code, ligne.valeur, ligne.valeur_precedente) for ligne in attendues
    ]
    # Les mesures chargées sont celles des années N-3 à N (2020 à 2023 : N-2, N-1, N et l'évolution de N-2), pas 2019.
    assert {m.annee for ligne in lignes for m in ligne.indicateur.mesures_chargees} == {2021, 2022, 2023}


def test_trois_annees_cote_a_cote_pan_de_la_seed():
    """PAN : 4 695 en 2021, 5 625 en 2022 (+19,8 %), 5 642 au 31/10/2023 (même période 2022 : 10 × 470)."""
    pan = IndicateurFactory(code="pan", nombre=True)
    MesureFactory(indicateur=pan, annee=2021, mois=0, valeur=4695, numerateur=None, denominateur=None)
    MesureFactory(indicateur=pan, annee=2022, mois=0, valeur=5625, numerateur=None, denominateur=None)
    for mois in range(1, 11):
        MesureFactory(indicateur=pan, annee=2023, mois=mois, valeur=564 + (mois == 1) * 2, numerateur=None,
                      denominateur=None)  # fmt: skip
    annuelles = selectors.indicateur_detail("pan", 2023).annuelles
    assert [(a.periode_texte, a.valeur_texte, a.variation_texte) for a in annuelles] == [
        ("2021", "4\u202f695", "—"),
        ("2022", "5\u202f625", "+19,8\u00a0%"),
        ("2023 (au 31/10/2023)", "5\u202f642", "—"),
    ]
