"""Formulaires DSFR des référentiels, cycles, périmètres, autodiagnostics et preuves."""

from django import forms

from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite

from .fichiers import EXTENSIONS_AUTORISEES, verifier_fichier_preuve
from .models import CycleLabel, EcheanceCycle, Engagement, Module, Niveau, Referentiel, Rubrique
from .services import erreurs_perimetre

DATES = {"date_debut": ChampDate, "date_fin": ChampDate}


class ReferentielForm(ModelFormQualite):
    class Meta:
        model = Referentiel
        fields = ["titre", "code", "version", "date_debut", "date_fin", "source", "regle_perimetre"]
        field_classes = DATES
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}


class NouvelleVersionForm(FormulaireQualite):
    version = forms.CharField(label="Nouvelle version", max_length=50)

    def __init__(self, *args, referentiel: Referentiel, **kwargs):
        super().__init__(*args, **kwargs)
        self.referentiel = referentiel

    def clean_version(self):
        version = self.cleaned_data["version"].strip()
        if Referentiel.objects.filter(code=self.referentiel.code, version=version).exists():
            raise forms.ValidationError(f"La version « {version} » de ce référentiel existe déjà.")
        return version


class ModuleForm(ModelFormQualite):
    class Meta:
        model = Module
        fields = ["numero", "titre", "type"]
        help_texts = {"titre": "Laissez vide s'il n'est pas encore connu : « titre à saisir par le référent »."}

    def clean_numero(self):
        numero = self.cleaned_data["numero"]
        autres = Module.objects.filter(referentiel=self.instance.referentiel, numero=numero).exclude(
            pk=self.instance.pk
        )
        if autres.exists():
            raise forms.ValidationError(f"Le module {numero} existe déjà dans ce référentiel.")
        return numero


class RubriqueForm(ModelFormQualite):
    class Meta:
        model = Rubrique
        fields = ["titre", "ordre"]
        help_texts = {"titre": "Par exemple : Accueil physique, Téléphonie, Courriers et courriels."}

    def clean_titre(self):
        titre = self.cleaned_data["titre"].strip()
        if Rubrique.objects.filter(module=self.instance.module, titre=titre).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"La rubrique « {titre} » existe déjà dans ce module.")
        return titre


class EngagementForm(ModelFormQualite):
    class Meta:
        model = Engagement
        fields = ["module", "rubrique", "numero", "libelle", "services_concernes"]
        widgets = {"libelle": forms.Textarea(attrs={"rows": 3}), "services_concernes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        referentiel = self.instance.referentiel
        self.fields["module"].queryset = referentiel.modules.all()
        self.fields["rubrique"].queryset = Rubrique.objects.filter(module__referentiel=referentiel)
        self.fields["services_concernes"].queryset = self.fields["services_concernes"].queryset.feuilles().actifs()

    def clean(self):
        donnees = super().clean()
        module, numero = donnees.get("module"), donnees.get("numero")
        rubrique = donnees.get("rubrique")
        if rubrique and rubrique.module_id != getattr(module, "pk", None):
            self.add_error("rubrique", "Cette rubrique appartient à un autre module.")
        if numero is not None:
            autres = Engagement.objects.filter(referentiel=self.instance.referentiel, module=module, numero=numero)
            if autres.exclude(pk=self.instance.pk).exists():
                self.add_error("numero", f"Le numéro {numero} est déjà pris dans ce module.")
        return donnees


class CycleForm(ModelFormQualite):
    labellisation_prevue = ChampDate(
        label="Audit de labellisation prévu le",
        required=False,
        help_text="Avant l'obtention du label : l'audit de labellisation et son compte à rebours.",
    )

    class Meta:
        model = CycleLabel
        fields = ["site", "referentiel", "date_obtention", "organisme", "date_fin_validite", "commentaire"]
        labels = {"referentiel": "Référentiel"}
        field_classes = {"date_obtention": ChampDate, "date_fin_validite": ChampDate}
        widgets = {"commentaire": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_obtention"), donnees.get("date_fin_validite")
        if debut and fin and fin < debut:
            self.add_error("date_fin_validite", "La fin de validité doit suivre la date d'obtention.")
        return donnees


class PerimetreForm(FormulaireQualite):
    modules = forms.ModelMultipleChoiceField(
        label="Modules présentés à l'auditeur", queryset=Module.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    date = ChampDate(label="Arrêté le")

    def __init__(self, *args, cycle: CycleLabel, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["modules"].queryset = cycle.referentiel.modules.all()

    def clean(self):
        donnees = super().clean()
        if "modules" in donnees:
            for erreur in erreurs_perimetre(cycle=self.cycle, modules=donnees["modules"]):
                self.add_error("modules", erreur)
        return donnees


class EcheanceForm(ModelFormQualite):
    class Meta:
        model = EcheanceCycle
        fields = ["date_prevue", "precision_mois", "commentaire"]
        field_classes = {"date_prevue": ChampDate}


class AutodiagnosticForm(FormulaireQualite):
    niveau = forms.ChoiceField(label="Niveau de conformité", choices=Niveau.choices)
    date = ChampDate(label="Date de l'évaluation")
    commentaire = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PreuveForm(FormulaireQualite):
    titre = forms.CharField(label="Titre", max_length=255)
    fichier = forms.FileField(
        label="Document", required=False, help_text=f"Formats acceptés : {EXTENSIONS_AUTORISEES} ; 10 Mo au plus."
    )
    lien = forms.URLField(label="ou lien", required=False, max_length=500, assume_scheme="https")
    date = ChampDate(label="Date du document")
    a_revoir_le = ChampDate(label="À revoir le", required=False)

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if fichier:
            verifier_fichier_preuve(fichier)
        return fichier

    def clean(self):
        donnees = super().clean()
        if "fichier" in donnees and "lien" in donnees and bool(donnees["fichier"]) == bool(donnees["lien"]):
            raise forms.ValidationError("Joignez un document ou indiquez un lien (l'un ou l'autre).")
        return donnees


# Changement de référentiel.


class PaireReferentielsForm(FormulaireQualite):
    depuis = forms.ModelChoiceField(label="Référentiel d'origine", queryset=Referentiel.objects.order_by("titre"))
    vers = forms.ModelChoiceField(label="Référentiel cible", queryset=Referentiel.objects.order_by("titre"))

    def clean(self):
        donnees = super().clean()
        if donnees.get("depuis") and donnees.get("depuis") == donnees.get("vers"):
            self.add_error("vers", "Choisissez un référentiel cible différent du référentiel d'origine.")
        return donnees


class CorrespondanceForm(FormulaireQualite):
    successeurs = forms.ModelMultipleChoiceField(
        label="Successeurs", queryset=Engagement.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    retire = forms.BooleanField(label="Aucun successeur : l'engagement est retiré", required=False)
    commentaire = forms.CharField(label="Commentaire", max_length=500, required=False)

    def __init__(self, *args, vers: Referentiel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successeurs"].label = f"Successeurs dans {vers}"
        self.fields["successeurs"].queryset = vers.engagements.select_related("module").order_by(
            "module__numero", "numero"
        )
        self.fields["successeurs"].label_from_instance = lambda e: f"{e.code} – {e.libelle}"

    def clean(self):
        donnees = super().clean()
        if donnees.get("retire") and donnees.get("successeurs"):
            self.add_error("retire", "Un engagement retiré n'a pas de successeur : décochez l'un ou l'autre.")
        return donnees


class ConfirmationMigrationForm(FormulaireQualite):
    confirmer = forms.BooleanField(
        label="J'ai relu l'aperçu : reprendre ces éléments sur le nouveau référentiel", required=True
    )
