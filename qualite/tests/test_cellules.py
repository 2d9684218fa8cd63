from hypothesis import given
from hypothesis import strategies as st

from qualite.cellules import neutraliser, restaurer


def test_une_formule_est_neutralisee():
    assert neutraliser('=HYPERLINK("http://exemple.org";"clic")') == '\'=HYPERLINK("http://exemple.org";"clic")'
    for debut in ("+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutraliser(debut) == "'" + debut


def test_un_texte_ordinaire_et_un_nombre_sont_laisses():
    assert neutraliser("Accueil du public") == "Accueil du public"
    assert neutraliser(-3) == -3
    assert neutraliser(None) is None


def test_une_apostrophe_de_l_utilisateur_revient_telle_quelle():
    assert restaurer(neutraliser("'=déjà échappé")) == "'=déjà échappé"
    assert restaurer("'l'accueil") == "'l'accueil"


@given(st.text())
def test_aller_retour_sans_perte(texte):
    exporte = neutraliser(texte)
    assert not exporte.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restaurer(exporte) == texte
