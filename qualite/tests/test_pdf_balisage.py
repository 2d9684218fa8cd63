"""Le post-traitement pikepdf corrige ce que WeasyPrint laisse (relu par tests_outils.pdf_ua)."""

import io

import pytest

from qualite import pdf, pdf_balisage
from tests_outils import pdf_ua

LIGNES = "".join(f"<tr><th scope='row'>Ligne {i}</th><td>{i}</td></tr>" for i in range(70))
HTML_ESSAI = (
    "<html lang='fr'><head><title>Essai</title><style>"
    "@page { @bottom-center { content: 'Page ' counter(page) ' / ' counter(pages); } }"
    "a::after { content: ' (suite)'; } h2 { break-before: page; }</style></head><body>"
    "<h1>Essai</h1><nav><a href='#b'>Chapitre B</a></nav>"
    "<table><caption>Long tableau</caption><thead><tr><th>Nom</th><th>Valeur</th></tr></thead>"
    f"<tbody>{LIGNES}</tbody></table><h2 id='b'>Chapitre B</h2><p>Fin.</p></body></html>"
)


def _brut(html: str = HTML_ESSAI) -> bytes:
    """Le PDF tel que WeasyPrint l'écrit, sans le post-traitement."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_balisage, "corriger", lambda contenu, **_: contenu)
        return pdf.html_en_pdf(html).contenu


def test_weasyprint_seul_laisse_les_defauts_que_le_post_traitement_corrige():
    brut = _brut()
    defauts = pdf_ua.defauts(brut)
    assert any("hors de l'arbre" in defaut for defaut in defauts)  # numéros de page
    assert any("sans Scope" in defaut for defaut in defauts)
    assert any("absent de l'IDTree" in defaut for defaut in defauts)
    assert any("sans légende" in defaut for defaut in defauts)  # la suite du tableau coupé
    assert any("un lien dans un lien" in defaut for defaut in defauts)
    assert any("sa cible brute" in defaut for defaut in defauts)  # la description de l'annotation : « b »
    corrige = pdf_balisage.corriger(brut, intitules=pdf_balisage.intitules_des_liens(HTML_ESSAI))
    assert pdf_ua.defauts(corrige) == []


def test_le_tableau_coupe_redevient_un_seul_tableau_et_son_entete_repete_un_artefact():
    structure = pdf_ua.Structure.lire(pdf_balisage.corriger(_brut()))
    (tableau,) = structure.elements("/Table")
    lignes = [e for e in pdf_ua.elements(tableau) if e.S == "/TR"]
    assert len(lignes) == 71  # l'en-tête et les 70 lignes, sur deux pages
    assert len({structure.page(ligne) for ligne in lignes}) == 2
    portees = [str(th.A.Scope) for th in pdf_ua.elements(tableau) if th.S == "/TH"]
    assert portees[:2] == ["/Column", "/Column"] and set(portees[2:]) == {"/Row"}


def test_un_pdf_non_balise_est_rendu_tel_quel():
    brut = pdf_ua.Structure.lire(_brut()).pdf
    del brut.Root["/StructTreeRoot"]
    sortie = io.BytesIO()
    brut.save(sortie)
    brut = sortie.getvalue()
    assert pdf_balisage.corriger(brut) == brut
    assert pdf_ua.defauts(brut) == ["aucun arbre de structure (PDF non balisé)"]


def test_le_texte_du_lien_est_lu_dans_son_rectangle():
    structure = pdf_ua.Structure.lire(pdf_balisage.corriger(_brut()))
    (lien,) = structure.elements("/Link")
    assert structure.texte_lien(lien) == "Chapitre B (suite)"
    assert [str(a.Contents) for a in structure.annotations(lien)] == ["b", "b"]  # sans intitulés fournis


def test_un_sommaire_a_points_de_conduite_est_mis_a_plat_mais_ses_points_restent_signales():
    """L'ancien sommaire (a::after avec leader()) : trois Link imbriqués, remis à plat et tous dans l'arbre ;
    les points de conduite, eux, restent du texte du lien : la relecture les signale (d'où le sommaire sans points)."""
    html = (
        "<html lang='fr'><head><title>Sommaire</title><style>a::after { content: leader('.') "
        "target-counter(attr(href), page); } h2 { break-before: page; }</style></head><body><h1>Essai</h1>"
        "<ol><li><a href='#b'>Chapitre B</a></li></ol><h2 id='b'>Chapitre B</h2></body></html>"
    )
    brut = _brut(html)
    assert any("un lien dans un lien" in defaut for defaut in pdf_ua.defauts(brut))
    structure = pdf_ua.Structure.lire(pdf_balisage.corriger(brut, intitules=pdf_balisage.intitules_des_liens(html)))
    assert structure.hors_arbre() == 0
    defauts = structure.defauts_liens()
    assert not any("un lien dans un lien" in defaut for defaut in defauts)
    assert any("points de conduite" in defaut for defaut in defauts)
