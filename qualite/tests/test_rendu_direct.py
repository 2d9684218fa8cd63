"""Les champs de saisie écrits en Python donnent le même HTML que le gabarit de Django."""

import pytest
from django import forms

from qualite.forms import SaisieCase, SaisieTexte


@pytest.mark.parametrize(
    ("direct", "gabarit", "valeur", "attrs"),
    [
        (
            SaisieTexte,
            forms.TextInput,
            "1 234,5",
            {"class": "fr-input", "inputmode": "decimal", "id": "id_0-numerateur"},
        ),
        (SaisieTexte, forms.TextInput, None, {"class": "fr-input", "aria-label": "Valeur — Appels perdus (%)"}),
        (SaisieTexte, forms.TextInput, 'dit "non" & <b>', {"disabled": True, "aria-invalid": "true"}),
        (SaisieCase, forms.CheckboxInput, True, {"id": "id_0-provisoire"}),
        (SaisieCase, forms.CheckboxInput, False, {"id": "id_0-provisoire", "disabled": False}),
    ],
)
def test_meme_html_que_le_gabarit(direct, gabarit, valeur, attrs):
    assert direct(attrs=attrs).render("champ", valeur) == gabarit(attrs=attrs).render("champ", valeur)
