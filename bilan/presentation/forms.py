"""Formulaires du diaporama : le demander (année, édition, format, diapositives, masque), téléverser un masque."""

from pathlib import Path

from django import forms
from django.conf import settings
from pptx import Presentation as OuvrirPptx
from pptx.enum.shapes import PP_PLACEHOLDER

from qualite.forms import FormulaireQualite

from ..forms import annees_proposees
from ..models import Edition, FormatPresentation, MasquePresentation
from .contenu import CLES, DIAPOSITIVES

MASQUE_INTEGRE = "integre"
MASQUE_PREFECTURE = "prefecture"


class DemandePresentationForm(FormulaireQualite):
    annee = forms.TypedChoiceField(label="Année", coerce=int, choices=annees_proposees)
    edition = forms.ChoiceField(label="Édition", choices=Edition.choices, widget=forms.RadioSelect)
    format = forms.ChoiceField(label="Format", choices=FormatPresentation.choices, widget=forms.RadioSelect)
    diapositives = forms.MultipleChoiceField(
        label="Diapositives",
        choices=DIAPOSITIVES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Décochez celles à ne pas présenter. La couverture est toujours là.",
        error_messages={"required": "Cochez au moins une diapositive."},
    )
    masque = forms.ChoiceField(
        label="Masque (PowerPoint)",
        widget=forms.RadioSelect,
        initial=MASQUE_INTEGRE,
        help_text="Le PDF suit toujours la charte de l'État.",
    )

    def __init__(self, *args, masque: MasquePresentation | None = None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("diapositives", CLES)
        super().__init__(*args, **kwargs)
        self.masque_prefecture = masque
        choix = [(MASQUE_INTEGRE, "Masque intégré, charte de l'État (Marianne, bloc-marque, couleurs)")]
        if masque is not None:
            choix.append((MASQUE_PREFECTURE, f"Masque de la préfecture ({masque.nom})"))
        self.fields["masque"].choices = choix  # type: ignore[attr-defined]

    def masque_choisi(self) -> MasquePresentation | None:
        if self.cleaned_data.get("masque") == MASQUE_PREFECTURE:
            return self.masque_prefecture
        return None


class MasquePresentationForm(FormulaireQualite):
    fichier = forms.FileField(
        label="Masque PowerPoint de la préfecture",
        help_text="Un fichier .pptx dont le masque a une disposition avec titre ; 10 Mo au plus. "
        "Ses diapositives d'exemple ne sont pas reprises.",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if Path(fichier.name).suffix.lower() != ".pptx":
            raise forms.ValidationError("Format non accepté : envoyez un fichier PowerPoint .pptx.")
        if fichier.size > settings.TAILLE_MAX_TELEVERSEMENT:
            raise forms.ValidationError("Fichier trop volumineux : 10 Mo au plus.")
        try:
            deck = OuvrirPptx(fichier)
            titres = [
                espace
                for disposition in deck.slide_layouts
                for espace in disposition.placeholders
                if espace.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            ]
        except Exception as erreur:  # archive, XML ou type de contenu invalides : pas un masque utilisable
            raise forms.ValidationError("Ce fichier n'est pas un PowerPoint lisible (.pptx).") from erreur
        if not titres:
            raise forms.ValidationError(
                "Le masque n'a aucune disposition avec un titre : le diaporama ne peut s'y poser."
            )
        fichier.seek(0)
        return fichier
