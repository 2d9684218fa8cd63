"""Formulaires DSFR du plan d'actions."""

from django import forms
from django.db.models import Exists, OuterRef

from engagements.models import Engagement, Module
from organisation.choix import choix_groupes, grouper_services
from organisation.models import Service
from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite

from . import acces
from .models import Action, Origine, Statut

CHAMPS_REFERENT = [
    "reference",
    "intitule",
    "description",
    "origine",
    "origine_libelle",
    "origine_lien",
    "modules",
    "engagements",
    "service_pilote",
    "responsables",
    "responsable_nom",
    "echeance",
    "priorite",
]
CHAMPS_SUIVI = [
    "statut",
    "avancement",
    "date_realisation",
    "efficacite",
    "efficacite_date",
    "efficacite_commentaire",
    "efficacite_indicateur",
]


class FiltresForm(FormulaireQualite):
    """Filtres de la liste (GET) ; les valeurs invalides sont simplement ignorées."""

    q = forms.CharField(label="Rechercher (n° ou intitulé)", required=False)
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous"), ("ouvertes", "Ouvertes (à lancer, en cours, reportées)")]
    )
    service = forms.ChoiceField(label="Service pilote", required=False)
    module = forms.ChoiceField(label="Module", required=False)
    engagement = forms.ChoiceField(label="Engagement", required=False)
    origine = forms.ChoiceField(label="Origine", required=False, choices=[("", "Toutes"), *Origine.choices])
    annee = forms.ChoiceField(label="Année de création", required=False)
    en_retard = forms.BooleanField(label="En retard seulement", required=False)
    # Le plan tel qu'il était ce jour-là (lien d'un tableau de bord ou d'un bilan d'une année passée).
    au = forms.DateField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, annees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statut"].choices += list(Statut.choices)
        # Semi-jointure (EXISTS, index du service pilote) : pas de DISTINCT sur toutes les actions.
        self.fields["service"].choices = [("", "Tous")] + choix_groupes(
            Service.objects.filter(Exists(Action.objects.filter(service_pilote=OuterRef("pk")))).select_related(
                "parent__parent"
            )
        )
        self.fields["module"].choices = [("", "Tous")] + [
            (m.pk, f"{m} ({m.referentiel.titre})") for m in Module.objects.select_related("referentiel")
        ]
        self.fields["engagement"].choices = [("", "Tous")] + [
            (e.pk, _libelle_court(e))
            for e in Engagement.objects.filter(
                Exists(Action.engagements.through.objects.filter(engagement_id=OuterRef("pk")))
            ).select_related("module")
        ]
        self.fields["annee"].choices = [("", "Toutes")] + [(a, a) for a in annees]


def _libelle_court(engagement: Engagement) -> str:
    texte = str(engagement)
    return texte if len(texte) <= 90 else f"{texte[:87]}…"


class ChoixEngagements(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _libelle_court(obj)


class ActionForm(ModelFormQualite):
    """Création et modification complète ; un correspondant n'a que les champs de suivi."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    commentaire = forms.CharField(
        label="Commentaire à ajouter au journal", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Action
        fields = CHAMPS_REFERENT + CHAMPS_SUIVI
        field_classes = {"engagements": ChoixEngagements}
        widgets = {
            "intitule": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "efficacite_commentaire": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, complet: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for nom in ("echeance", "date_realisation", "efficacite_date"):
            ancien = self.fields[nom]
            self.fields[nom] = ChampDate(label=ancien.label, required=False)
            self.fields[nom].widget.attrs["class"] = "fr-input"
        self.fields["reference"].required = False
        self.fields["reference"].help_text = "Laisser vide pour attribuer le numéro suivant (ex. 2023-012)."
        self.fields["avancement"].widget.attrs.update({"min": 0, "max": 100})
        self.fields["engagements"].queryset = Engagement.objects.select_related("module")
        self.fields["modules"].queryset = Module.objects.select_related("referentiel")
        self.fields["responsables"].queryset = acces.responsables_possibles()
        if "service_pilote" in self.fields:
            grouper_services(self.fields["service_pilote"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if not complet:
            for nom in CHAMPS_REFERENT:
                del self.fields[nom]

    def clean_avancement(self):
        avancement = self.cleaned_data.get("avancement")
        if avancement is not None and not 0 <= avancement <= 100:
            raise forms.ValidationError("L'avancement est un pourcentage entre 0 et 100.")
        return avancement

    def clean_reference(self):
        reference = (self.cleaned_data.get("reference") or "").strip()
        if reference and Action.objects.filter(reference=reference).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Le n° {reference} est déjà pris par une autre action.")
        return reference

    def validate_unique(self):
        # L'unicité du n° est vérifiée par clean_reference (le n° peut être laissé vide).
        pass

    def clean(self):
        donnees = super().clean()
        statut = donnees.get("statut")
        if donnees.get("efficacite") and statut not in (Statut.REALISEE, Statut.ABANDONNEE):
            self.add_error("efficacite", "L'efficacité se vérifie après la clôture de l'action (statut réalisée).")
        avancement_porte_a_100(self, donnees)
        if statut != Statut.REALISEE and donnees.get("date_realisation"):
            self.add_error("date_realisation", "Une date de réalisation suppose le statut « Réalisée ».")
        return donnees

    def donnees_apres_conflit(self, conflit, version_lue: int):
        """La saisie à ré-afficher après un refus : ce que l'utilisateur a changé est gardé ;
        un champ qu'il n'avait pas touché prend la valeur enregistrée entre-temps, et la version
        devient l'actuelle (un nouvel envoi confirme sa saisie en connaissance de cause)."""
        donnees = self.data.copy()
        donnees["version"] = conflit.action.version
        lue = conflit.action.history.filter(version=version_lue).order_by("-history_id").first()
        actuel = ActionForm(instance=conflit.action, complet="intitule" in self.fields)
        for divergence in conflit.divergences:
            champ = divergence.champ
            if lue is None or champ not in self.fields or champ not in self.cleaned_data:
                continue
            if _brut(self.cleaned_data[champ]) == _brut_historique(lue, champ):
                valeur = actuel[champ].value()
                if isinstance(valeur, (list, tuple)):
                    donnees.setlist(champ, [str(v) for v in valeur])
                else:
                    donnees[champ] = "" if valeur is None else str(valeur)
        return donnees

    def valeurs(self) -> dict:
        """Les valeurs saisies, prêtes pour action_creer / action_mettre_a_jour."""
        return {nom: self.cleaned_data[nom] for nom in self.fields if nom not in ("version", "commentaire")}


def avancement_porte_a_100(form: forms.Form, donnees: dict) -> None:
    """Une action « Réalisée » est achevée : un avancement inférieur est porté à 100 %, et le formulaire le retient
    (`form.avancement_saisi`) pour que la vue le dise ; jamais de changement silencieux."""
    form.avancement_saisi = None  # type: ignore[attr-defined]
    avancement = donnees.get("avancement")
    if donnees.get("statut") == Statut.REALISEE and avancement is not None and avancement < 100:
        form.avancement_saisi = avancement  # type: ignore[attr-defined]
        donnees["avancement"] = 100


def message_avancement(form: forms.Form) -> str:
    """« Avancement porté de 40 % à 100 % … », ou rien si l'avancement saisi est gardé."""
    saisi = getattr(form, "avancement_saisi", None)
    if saisi is None:
        return ""
    return f"Avancement porté de {saisi} % à 100 % : une action « Réalisée » est achevée."


def _brut(valeur):
    if hasattr(valeur, "all") or isinstance(valeur, (list, tuple, set)):
        return {getattr(v, "pk", v) for v in valeur}
    return getattr(valeur, "pk", valeur)


def _brut_historique(enregistrement, champ: str):
    """Valeur d'un champ dans une entrée d'historique (pk pour une relation)."""
    champ_modele = Action._meta.get_field(champ)
    if champ_modele.many_to_many:
        cible = f"{champ_modele.related_model._meta.model_name}_id"
        return {getattr(ligne, cible) for ligne in getattr(enregistrement, champ).all()}
    if champ_modele.is_relation:
        return getattr(enregistrement, champ_modele.attname)
    return getattr(enregistrement, champ)


class MiseAJourRapideForm(FormulaireQualite):
    """Une ligne de « Mes actions » : statut, avancement et commentaire, au clavier."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    statut = forms.ChoiceField(label="Statut", choices=Statut.choices)
    avancement = forms.IntegerField(label="Avancement (%)", min_value=0, max_value=100)
    commentaire = forms.CharField(label="Commentaire (facultatif)", required=False)

    def clean(self):
        donnees = super().clean()
        avancement_porte_a_100(self, donnees)
        return donnees


class CommentaireForm(FormulaireQualite):
    texte = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 3}))
