"""Graphiques SVG : accessibilité, ligne de cible, libellés à la française, pas de style en ligne."""

import io
from decimal import Decimal as D

import pytest

from qualite import formatage, graphiques


def _graphique(**kwargs):
    parametres = {
        "identifiant": "essai",
        "titre": "Taux <d'appels> perdus",
        "description": "Deux années comparées",
        "categories": ["janv.", "févr.", "mars"],
        "series": [graphiques.Serie("2023", [D("8.5"), None, D("12")]), graphiques.Serie("2022", [D(7), D(9), D(6)])],
        "cible": D(10),
        "libelle_cible": "Cible ≤ 10 %",
        "formateur": formatage.pourcent,
    }
    parametres.update(kwargs)
    return graphiques.graphique_barres(**parametres)


def test_svg_accessible_sans_style_en_ligne():
    svg = str(_graphique().svg)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img" aria-labelledby="essai-titre essai-desc"' in svg
    assert '<title id="essai-titre">Taux &lt;d&#x27;appels&gt; perdus</title>' in svg
    assert '<desc id="essai-desc">' in svg
    assert "style" not in svg
    assert 'stroke="#ce0500"' in svg and "Cible ≤ 10 %" in svg
    assert ">12,50\u00a0%<" in svg and ">2,50\u00a0%<" in svg  # graduations à la française


def test_barres_une_par_valeur_non_vide():
    svg = str(_graphique().svg)
    # 5 barres de données + fond + 2 carrés de légende.
    assert svg.count("<rect") == 8


def test_tableau_de_donnees_formate():
    graphique = _graphique()
    assert graphique.entetes == ["2023", "2022"]
    assert graphique.lignes[0] == ("janv.", ["8,50\u00a0%", "7\u00a0%"])
    assert graphique.lignes[1] == ("févr.", ["—", "9\u00a0%"])


@pytest.mark.parametrize(
    ("maximum", "pas"), [(D(12), D(2.5)), (D(100), D(20)), (D(5625), D(2000)), (D("3.73"), D(1)), (D(0), D(1))]
)
def test_pas_lisible(maximum, pas):
    assert graphiques.pas_lisible(maximum) == pas


def test_sans_cible_ni_valeur():
    graphique = _graphique(cible=None, series=[graphiques.Serie("2023", [None, None, None])])
    assert "#ce0500" not in str(graphique.svg)


def test_le_graphique_et_son_tableau_passent_dans_le_pdf():
    """Le même partiel sert au bilan PDF : WeasyPrint lit le SVG en ligne et le tableau."""
    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from qualite.pdf import html_en_pdf

    html = render_to_string("qualite/_graphique.html", {"graphique": _graphique()})
    pdf = html_en_pdf(f'<html lang="fr"><body>{html}</body></html>').contenu
    assert pdf.startswith(b"%PDF")
    texte = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "févr." in texte and "8,50" in texte
