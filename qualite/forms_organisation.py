"""Formulaires de l'organisation : service, site, effectif, date affichée, date d'import."""

from django import forms
from django.core.exceptions import ValidationError

from .forms_base import ChampDate, FormulaireQualite, ModelFormQualite
from .models import Service, Site
from .services_organisation import verifier_rattachement


def chemin(service: Service) -> str:
    """« Préfecture › Direction du cabinet › Secrétariat » (les parents doivent être chargés)."""
    noms = []
    noeud = service
    while noeud is not None and len(noms) < 5:
        noms.insert(0, noeud.nom)
        noeud = noeud.parent
    return " › ".join(noms)


def choix_par_chemin(champ: forms.ModelChoiceField) -> None:
    """Range les choix d'un champ de services dans l'ordre alphabétique de leur chemin dans l'arbre."""
    choix = [(champ.prepare_value(service), champ.label_from_instance(service)) for service in champ.queryset]
    vide = [("", champ.empty_label)] if champ.empty_label is not None else []
    champ.choices = vide + sorted(choix, key=lambda paire: paire[1].lower())


class ChoixRattachement(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{chemin(obj)} ({obj.get_niveau_display().lower()})"


class ServiceForm(ModelFormQualite):
    parent = ChoixRattachement(
        queryset=Service.objects.exclude(niveau=Service.Niveau.SERVICE).select_related("parent__parent"),
        required=False,
        label="Rattaché à",
        help_text="Une direction se rattache à une entité ; un service à une direction ou à une entité. "
        "Une entité n'a pas de rattachement.",
    )

    class Meta:
        model = Service
        fields = ["nom", "niveau", "parent", "site", "ordre", "actif"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choix_par_chemin(self.fields["parent"])

    def clean(self):
        donnees = super().clean()
        niveau = donnees.get("niveau")
        if niveau and "parent" not in self.errors:
            try:
                verifier_rattachement(
                    service=self.instance if self.instance.pk else None, niveau=niveau, parent=donnees.get("parent")
                )
            except ValidationError as erreur:
                self.add_error(None, erreur)
        return donnees


class SiteForm(ModelFormQualite):
    class Meta:
        model = Site
        fields = ["nom", "type", "adresse", "ordre"]
        widgets = {"adresse": forms.Textarea(attrs={"rows": 3})}


class EffectifForm(FormulaireQualite):
    date = ChampDate(label="Date de l'effectif", help_text="Format : jj/mm/aaaa, par exemple 31/12/2022.")
    agents = forms.IntegerField(label="Nombre d'agents", min_value=0)


class DateOrganisationForm(FormulaireQualite):
    """Choix de la date d'effectif affichée, parmi les dates connues."""

    date = forms.ChoiceField(label="Effectifs au", required=False)

    def __init__(self, *args, dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), d.strftime("%d/%m/%Y")) for d in dates]


class DateImportForm(FormulaireQualite):
    date = ChampDate(label="Date des effectifs importés", help_text="Format : jj/mm/aaaa, par exemple 31/12/2022.")
