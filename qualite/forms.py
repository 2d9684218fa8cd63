"""Formulaires de base du projet, construits sur ceux de django-dsfr."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from dsfr.forms import DsfrBaseForm, DsfrBoundField
from dsfr.utils import dsfr_input_class_attr

CHOIX_VIDE = "— Choisir —"
_TIRETS = "---------"


def libeller_choix_vide(champ: forms.Field) -> None:
    """Le choix vide d'une liste se lit « — Choisir — » plutôt que les tirets de Django."""
    if getattr(champ, "empty_label", None) == _TIRETS:
        champ.empty_label = CHOIX_VIDE  # type: ignore[attr-defined]
        return
    choix = getattr(champ, "choices", None)
    if isinstance(choix, list) and any(valeur == "" and libelle == _TIRETS for valeur, libelle in choix):
        champ.choices = [  # type: ignore[attr-defined]
            (valeur, CHOIX_VIDE if valeur == "" and libelle == _TIRETS else libelle) for valeur, libelle in choix
        ]


class _DsfrMixin:
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            libeller_choix_vide(champ)

    def get_context(self):
        # Le DSFR recommande de signaler les champs facultatifs plutôt que les obligatoires.
        context = forms.BaseForm.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context

    def premier_champ_en_erreur(self) -> None:
        for nom in self.errors:
            if nom in self.fields:
                self.fields[nom].widget.attrs["autofocus"] = ""
                break


class FormulaireQualite(_DsfrMixin, DsfrBaseForm):
    """Formulaire DSFR du projet."""


class ModelFormQualite(_DsfrMixin, forms.ModelForm):
    """ModelForm DSFR du projet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)


class _DsfrAuthentification(_DsfrMixin):
    """Les formulaires de mot de passe de Django rendus en DSFR (champs fr-input bordés, RGAA 3.3)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)


class ChangementMotDePasseForm(_DsfrAuthentification, auth_forms.PasswordChangeForm):
    pass


class NouveauMotDePasseForm(_DsfrAuthentification, auth_forms.SetPasswordForm):
    pass


class MotDePasseOublieForm(_DsfrAuthentification, auth_forms.PasswordResetForm):
    pass


class _RenduDirect:
    """Écrit l'élément <input> en Python, sans le moteur de gabarits : le même HTML que le gabarit
    de Django (input.html et attrs.html), pour les pages qui en affichent des centaines
    (saisie mensuelle : 60 indicateurs × 4 champs ; le rendu par gabarit y prenait les trois quarts du temps)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
        if widget["value"] is not None:
            html += format_html(' value="{}"', widget["value"])
        for nom, valeur in widget["attrs"].items():
            if valeur is True:
                html += format_html(" {}", nom)
            elif valeur is not False:
                html += format_html(' {}="{}"', nom, valeur)
        return html + mark_safe(">")


class SaisieTexte(_RenduDirect, forms.TextInput):
    pass


class SaisieCase(_RenduDirect, forms.CheckboxInput):
    pass


class ChampDate(forms.DateField):
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)


class FichierImportForm(FormulaireQualite):
    fichier = forms.FileField(
        label="Fichier à importer",
        help_text="Formats acceptés : .csv, .xlsx ou .ods, 10 Mo au plus.",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if Path(fichier.name).suffix.lower() not in (".csv", ".xlsx", ".ods"):
            raise forms.ValidationError("Format non accepté : envoyez un fichier .csv, .xlsx ou .ods.")
        if fichier.size > settings.TAILLE_MAX_TELEVERSEMENT:
            raise forms.ValidationError("Fichier trop volumineux : 10 Mo au plus.")
        return fichier
