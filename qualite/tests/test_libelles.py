"""Libellés français : pluriels accordés, choix vide « — Choisir — »."""

import pytest
from django import forms

from qualite.formatage import accord
from qualite.forms import CHOIX_VIDE, FormulaireQualite


@pytest.mark.parametrize(
    ("nombre", "attendu"), [(0, "0 erreur"), (1, "1 erreur"), (2, "2 erreurs"), (1500, "1\u202f500 erreurs")]
)
def test_accord(nombre, attendu):
    assert accord(nombre, "erreur", "erreurs").replace("\u00a0", "\u202f") == attendu.replace("\u00a0", "\u202f")


class _Formulaire(FormulaireQualite):
    choix = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    typee = forms.TypedChoiceField(choices=[("", "---------"), ("1", "Un")], coerce=int, required=False)


def test_choix_vide_libelle():
    form = _Formulaire()
    assert form.fields["choix"].choices[0] == ("", CHOIX_VIDE)
    assert form.fields["typee"].choices[0] == ("", CHOIX_VIDE)
    assert "---------" not in str(form)
