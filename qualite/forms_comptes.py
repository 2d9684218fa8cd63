"""Formulaires de gestion des comptes (référent qualité et administrateur)."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError

from .forms_base import FormulaireQualite, ModelFormQualite
from .forms_organisation import chemin, choix_par_chemin
from .models import Role, Service, Utilisateur
from .services_comptes import verifier_auto_modification


class ChoixServices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return chemin(obj)


def _champ_services() -> ChoixServices:
    return ChoixServices(
        queryset=Service.objects.actifs().select_related("parent__parent"),
        required=False,
        label="Services suivis",
        help_text="Obligatoire pour un correspondant qualité (au moins un service) ; ignoré pour les autres rôles.",
        widget=forms.CheckboxSelectMultiple,
    )


class _UtilisateurForm(ModelFormQualite):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choix_par_chemin(self.fields["services"])

    def clean(self):
        donnees = super().clean()
        if donnees.get("role") == Role.CORRESPONDANT and not donnees.get("services"):
            self.add_error("services", "Un correspondant qualité suit au moins un service.")
        return donnees


class UtilisateurCreationForm(_UtilisateurForm):
    class ModeMotDePasse:
        COURRIEL = "courriel"
        SAISIE = "saisie"

    services = _champ_services()
    mode = forms.ChoiceField(
        label="Mot de passe",
        choices=[
            (ModeMotDePasse.COURRIEL, "Envoyer un courriel pour que la personne choisisse son mot de passe"),
            (ModeMotDePasse.SAISIE, "Saisir un mot de passe initial"),
        ],
        initial=ModeMotDePasse.COURRIEL,
        widget=forms.RadioSelect,
    )
    mot_de_passe1 = forms.CharField(
        label="Mot de passe initial",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    mot_de_passe2 = forms.CharField(
        label="Confirmation du mot de passe initial",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = Utilisateur
        fields = ["username", "first_name", "last_name", "email", "fonction", "role", "services"]

    def clean(self):
        donnees = super().clean()
        if donnees.get("mode") == self.ModeMotDePasse.SAISIE:
            mot_de_passe = donnees.get("mot_de_passe1")
            if not mot_de_passe:
                self.add_error("mot_de_passe1", "Saisissez le mot de passe initial.")
            elif mot_de_passe != donnees.get("mot_de_passe2"):
                self.add_error("mot_de_passe2", "Les deux mots de passe ne correspondent pas.")
            else:
                try:
                    futur = Utilisateur(
                        **{c: donnees.get(c, "") for c in ("username", "first_name", "last_name", "email")}
                    )
                    validate_password(mot_de_passe, user=futur)
                except ValidationError as erreur:
                    self.add_error("mot_de_passe1", erreur)
        elif donnees.get("mode") == self.ModeMotDePasse.COURRIEL and not donnees.get("email"):
            self.add_error("email", "Le courriel est nécessaire pour que la personne choisisse son mot de passe.")
        return donnees


class UtilisateurModificationForm(_UtilisateurForm):
    services = _champ_services()

    class Meta:
        model = Utilisateur
        fields = ["first_name", "last_name", "email", "fonction", "role", "services", "is_active"]
        labels = {"is_active": "Compte actif"}
        help_texts = {"is_active": "Un compte désactivé ne peut plus se connecter ; son historique est conservé."}

    def __init__(self, *args, auteur: Utilisateur, **kwargs):
        super().__init__(*args, **kwargs)
        self.auteur = auteur
        self.role_initial = self.instance.role

    def clean(self):
        donnees = super().clean()
        if donnees.get("role"):
            try:
                verifier_auto_modification(
                    auteur=self.auteur,
                    utilisateur=Utilisateur(pk=self.instance.pk, role=self.role_initial),
                    role=donnees["role"],
                    actif=donnees.get("is_active", False),
                )
            except ValidationError as erreur:
                self.add_error(None, erreur)
        return donnees


class FiltreUtilisateursForm(FormulaireQualite):
    role = forms.ChoiceField(label="Rôle", choices=[("", "Tous les rôles"), *Role.choices], required=False)
    statut = forms.ChoiceField(
        label="Statut",
        choices=[("", "Tous les comptes"), ("actifs", "Actifs"), ("inactifs", "Désactivés")],
        required=False,
    )
    q = forms.CharField(label="Nom, identifiant ou courriel", required=False, max_length=100)
