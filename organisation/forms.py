"""Formulaires de l'organisation (service, site, effectif, date affichée, date d'import) et des comptes."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError

from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite
from qualite.nombres import validateurs

from .acces import suit_des_services
from .choix import grouper_services
from .models import HallAccueil, Prefecture, Role, Service, Site, Utilisateur
from .services.comptes import MESSAGE_SANS_SERVICE, verifier_auto_modification
from .services.organigramme import verifier_rattachement


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
        fields = ["nom", "type", "adresse", "code_structure", "ordre"]
        widgets = {"adresse": forms.Textarea(attrs={"rows": 3})}


class PrefectureForm(ModelFormQualite):
    site_internet = forms.URLField(label="Site internet", required=False, assume_scheme="https")

    class Meta:
        model = Prefecture
        fields = ["nom", "bloc_marque", "contact_courriel", "contact_telephone", "contact_adresse", "site_internet"]
        widgets = {
            "bloc_marque": forms.Textarea(attrs={"rows": 3}),
            "contact_adresse": forms.Textarea(attrs={"rows": 3}),
        }


class HallForm(ModelFormQualite):
    class Meta:
        model = HallAccueil
        fields = ["nom", "adresse", "demarches", "horaires", "ordre"]
        widgets = {
            "adresse": forms.Textarea(attrs={"rows": 2}),
            "demarches": forms.Textarea(attrs={"rows": 3}),
            "horaires": forms.Textarea(attrs={"rows": 2}),
        }


class EffectifForm(FormulaireQualite):
    date = ChampDate(label="Date de l'effectif", help_text="Format : jj/mm/aaaa, par exemple 31/12/2022.")
    agents = forms.IntegerField(label="Nombre d'agents", min_value=0, validators=validateurs("compte"))


class DateOrganisationForm(FormulaireQualite):
    """Choix de la date d'effectif affichée, parmi les dates connues."""

    date = forms.ChoiceField(label="Effectifs au", required=False)

    def __init__(self, *args, dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), d.strftime("%d/%m/%Y")) for d in dates]


class DateImportForm(FormulaireQualite):
    date = ChampDate(label="Date des effectifs importés", help_text="Format : jj/mm/aaaa, par exemple 31/12/2022.")


# Comptes (référent qualité et administrateur)


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
        grouper_services(self.fields["services"])

    def clean(self):
        donnees = super().clean()
        if suit_des_services(donnees.get("role")) and not donnees.get("services"):
            self.add_error("services", MESSAGE_SANS_SERVICE)
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
