"""Formulaires du bilan : demander un PDF, rédiger le texte de l'année."""

from django import forms
from django.utils import timezone

from qualite.forms import FormulaireQualite, ModelFormQualite

from .models import Edition, Narratif


def annees_proposees() -> list[tuple[int, str]]:
    """Les années à demander, de l'année en cours à 2019 (bilan et diaporama)."""
    courante = timezone.localdate().year
    return [(annee, str(annee)) for annee in range(courante, 2018, -1)]


class DemandeBilanForm(FormulaireQualite):
    annee = forms.TypedChoiceField(label="Année", coerce=int, choices=annees_proposees)
    edition = forms.ChoiceField(label="Édition", choices=Edition.choices, widget=forms.RadioSelect)


class NarratifForm(ModelFormQualite):
    class Meta:
        model = Narratif
        fields = ["introduction", "faits_marquants", "perennisation", "perspectives"]
        widgets = {champ: forms.Textarea(attrs={"rows": 10}) for champ in fields}
        help_texts = {
            "introduction": "Ouvre le bilan (les deux éditions). Un paragraphe par ligne vide.",
            "faits_marquants": "Les événements de l'année, à la suite de l'introduction.",
            "perspectives": "Termine le bilan.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Un bilan s'ouvre sur l'introduction et se termine sur les perspectives.
        for champ in ("introduction", "perspectives"):
            self.fields[champ].required = True
