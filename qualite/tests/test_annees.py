"""L'année demandée dans l'adresse (`?annee=`) et le partiel du choix de l'année, communs à toutes les pages."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from qualite.annees import ANNEE_MAX, ANNEE_MIN, AnneeForm, ChampAnnee, annee_demandee, annee_valide


def _requete(**parametres):
    return RequestFactory().get("/", parametres)


@pytest.mark.parametrize(
    ("parametres", "attendu"),
    [
        ({"annee": "2023"}, 2023),
        ({"annee": str(ANNEE_MIN)}, 2000),
        ({"annee": str(ANNEE_MAX)}, 2100),
        ({"annee": "1999"}, 1990),
        ({"annee": "2101"}, 1990),
        ({"annee": "-2023"}, 1990),
        ({"annee": "deux mille"}, 1990),
        ({"annee": ""}, 1990),
        ({}, 1990),
    ],
)
def test_annee_demandee_sinon_par_defaut(parametres, attendu):
    assert annee_demandee(_requete(**parametres), 1990) == attendu
    assert annee_demandee(_requete(**parametres), lambda: 1990) == attendu


def test_par_defaut_absent_ou_calcule_seulement_si_besoin():
    assert annee_demandee(_requete()) is None

    def interdit():
        raise AssertionError("l'année par défaut ne doit pas être calculée")

    assert annee_demandee(_requete(annee="2022"), interdit) == 2022


@pytest.mark.parametrize(("annee", "valide"), [(1999, False), (2000, True), (2023, True), (2100, True), (2101, False)])
def test_bornes(annee, valide):
    assert annee_valide(annee) is valide
    assert AnneeForm({"annee": annee}).is_valid() is valide
    assert ChampAnnee().widget.attrs == {"min": 2000, "max": 2100}


def test_partiel_du_choix_de_l_annee():
    html = render_to_string("qualite/_choix_annee.html", {"annees": [2023, 2022, 2021], "annee": 2022})
    assert '<form method="get"' in html and "Afficher</button>" in html
    assert '<label class="fr-label" for="choix-annee">Année</label>' in html
    assert '<option value="2022" selected>2022</option>' in html
    assert '<option value="2023">2023</option>' in html and html.count("<option") == 3
    champ = render_to_string("qualite/_choix_annee.html", {"annees": [2023], "annee": 2023, "dans_un_formulaire": True})
    assert "<form" not in champ and "<button" not in champ and 'name="annee"' in champ
