"""Formulaires du pilotage (DSFR)."""

from django import forms

from engagements.fichiers import EXTENSIONS_AUTORISEES, verifier_fichier_preuve
from indicateurs.models import Indicateur
from organisation.choix import grouper_services
from organisation.models import Service, Utilisateur
from qualite.annees import ChampAnnee
from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite

from .models import Instance, Presence, TypeInstance


class InstanceForm(ModelFormQualite):
    date = ChampDate(label="Date")

    class Meta:
        model = Instance
        fields = ["type", "titre", "date", "lieu", "statut", "ordre_du_jour", "compte_rendu", "compte_rendu_fichier"]
        widgets = {
            "ordre_du_jour": forms.Textarea(attrs={"rows": 4}),
            "compte_rendu": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"compte_rendu_fichier": f"Formats acceptés : {EXTENSIONS_AUTORISEES} ; 10 Mo au plus."}

    def clean_compte_rendu_fichier(self):
        fichier = self.cleaned_data.get("compte_rendu_fichier")
        if fichier and hasattr(fichier, "content_type"):
            verifier_fichier_preuve(fichier)
        return fichier


class ParticipationForm(FormulaireQualite):
    utilisateur = forms.ModelChoiceField(
        label="Membre (compte de l'application)",
        queryset=Utilisateur.objects.filter(is_active=True),
        required=False,
    )
    nom = forms.CharField(label="Nom (membre externe, ex. usager du CLU)", max_length=200, required=False)
    courriel = forms.EmailField(label="Courriel (membre externe)", required=False)
    presence = forms.ChoiceField(label="Présence", choices=Presence.choices)

    def clean(self):
        donnees = super().clean()
        if not donnees.get("utilisateur") and not (donnees.get("nom") and donnees.get("courriel")):
            raise forms.ValidationError("Choisissez un membre ou indiquez le nom et le courriel d'un membre externe.")
        return donnees


class DecisionForm(FormulaireQualite):
    texte = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 3}))
    service_pilote = forms.ModelChoiceField(
        label="Service pilote de l'action", queryset=Service.objects.actifs(), required=False
    )
    echeance = ChampDate(label="Échéance de l'action", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grouper_services(self.fields["service_pilote"])


class PlanificationForm(FormulaireQualite):
    type = forms.ChoiceField(label="Instance", choices=TypeInstance.choices)
    premiere_date = ChampDate(label="Date de la première séance")
    nombre = forms.IntegerField(label="Nombre de séances", min_value=1, max_value=12, initial=4)
    intervalle_mois = forms.IntegerField(
        label="Rythme (en mois)",
        min_value=1,
        max_value=24,
        initial=6,
        help_text="6 : tous les six mois ; 12 : tous les ans.",
    )


class PublicationForm(FormulaireQualite):
    annee = ChampAnnee(label="Année")
    trimestre = forms.TypedChoiceField(label="Trimestre", coerce=int, choices=[(t, f"T{t}") for t in range(1, 5)])


class IndicateursPubliesForm(FormulaireQualite):
    indicateurs = forms.ModelMultipleChoiceField(
        label="Indicateurs publiés",
        queryset=Indicateur.objects.order_by("ordre", "libelle"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
