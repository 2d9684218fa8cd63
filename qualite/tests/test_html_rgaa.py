"""Les contrôles RGAA du code rendu (tests_outils/html_rgaa.py) trouvent ce qu'ils doivent trouver."""

import pytest

from tests_outils.html_rgaa import defauts


@pytest.mark.parametrize(
    ("html", "attendu"),
    [
        ('<p>Statut : <p class="fr-badge">En cours</p></p>', "8.2 : <p> dans un paragraphe"),
        ("<p>Liste<ul><li>a</li></ul></p>", "8.2 : <ul> dans un paragraphe"),
        ('<input id="a" aria-describedby="a-aide">', "8.2 : aria-describedby de <input> vers l'id absent « a-aide »"),
        ('<p id="x">a</p><p id="x">b</p>', "8.2 : id en double ['x']"),
        ("<figure><svg></svg><figcaption>Titre</figcaption></figure>", "1.9 : <figure> sans role=figure"),
        ('<input id="nom" aria-invalid="true">', "11.10 : le champ en erreur « nom » n'est pas relié"),
    ],
)
def test_chaque_defaut_est_nomme(html, attendu):
    assert any(defaut.startswith(attendu) for defaut in defauts(html)), defauts(html)


def test_une_page_conforme_ne_donne_rien():
    html = (
        '<div role="alert"><ul><li><a href="#nom">Nom : obligatoire</a></li></ul></div>'
        '<p>Statut : <span class="fr-badge">En cours</span><br></p>'
        '<input id="nom" aria-invalid="true" aria-describedby="nom-erreur"><p id="nom-erreur">Obligatoire</p>'
        '<figure role="figure" aria-labelledby="g-legende"><svg></svg>'
        '<figcaption id="g-legende">T</figcaption></figure>'
    )
    assert defauts(html) == []
