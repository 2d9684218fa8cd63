"""Formulaires des audits : audit, action née d'un constat, décision sans action ou bonne pratique."""

from pathlib import Path

from django import forms
from django.conf import settings

from engagements.forms import PerimetreForm
from engagements.models import CycleLabel, Engagement, Module, Perimetre
from organisation.choix import grouper_services
from organisation.models import Service
from plan_actions.models import Priorite
from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite

from .models import Audit, Conclusion, Constat, Portee, Suite, TypeAudit

EXTENSIONS_RAPPORT = (".pdf", ".odt", ".docx", ".xlsx", ".ods")


class AuditForm(ModelFormQualite):
    date_debut = ChampDate(label="Date de début")
    date_fin = ChampDate(label="Date de fin", required=False)

    class Meta:
        model = Audit
        fields = [
            "type",
            "date_debut",
            "date_fin",
            "date_au_mois",
            "site",
            "referentiel",
            "perimetre",
            "externe",
            "organisme",
            "auditeurs",
            "conclusion",
            "rapport",
            "commentaire",
        ]
        widgets = {"commentaire": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perimetre"].queryset = Perimetre.objects.select_related("cycle__site", "cycle__referentiel")
        self.fields["auditeurs"].help_text = "Noms des auditeurs, externes ou internes."

    def clean_rapport(self):
        rapport = self.cleaned_data.get("rapport")
        if rapport and hasattr(rapport, "size"):
            if Path(rapport.name).suffix.lower() not in EXTENSIONS_RAPPORT:
                raise forms.ValidationError("Format non accepté : PDF, ODT, DOCX, XLSX ou ODS.")
            if rapport.size > settings.TAILLE_MAX_TELEVERSEMENT:
                raise forms.ValidationError("Fichier trop volumineux : 10 Mo au plus.")
        return rapport

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin précède la date de début.")
        perimetre, referentiel = donnees.get("perimetre"), donnees.get("referentiel")
        if perimetre and referentiel and perimetre.cycle.referentiel_id != referentiel.pk:
            self.add_error("perimetre", "Ce périmètre relève d'un autre référentiel.")
        site = donnees.get("site")
        if perimetre and site and perimetre.cycle.site_id != site.pk:
            self.add_error("perimetre", "Ce périmètre est celui d'un autre site.")
        return donnees


class ActionConstatForm(FormulaireQualite):
    intitule = forms.CharField(label="Intitulé de l'action", widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    origine_libelle = forms.CharField(label="Précision sur l'origine", max_length=255)
    module = forms.ModelChoiceField(label="Module", queryset=Module.objects.none(), required=False)
    engagement = forms.ModelChoiceField(label="Engagement", queryset=Engagement.objects.none(), required=False)
    service_pilote = forms.ModelChoiceField(
        label="Service pilote", queryset=Service.objects.actifs().select_related("parent"), required=False
    )
    echeance = ChampDate(label="Échéance", required=False)
    priorite = forms.ChoiceField(label="Priorité", choices=Priorite.choices, initial=Priorite.NORMALE)

    def __init__(self, *args, constat: Constat, **kwargs):
        super().__init__(*args, **kwargs)
        referentiel = constat.audit.referentiel
        grouper_services(self.fields["service_pilote"])
        self.fields["module"].queryset = Module.objects.filter(referentiel=referentiel)
        self.fields["engagement"].queryset = Engagement.objects.filter(referentiel=referentiel).select_related("module")

    def clean(self):
        donnees = super().clean()
        module, engagement = donnees.get("module"), donnees.get("engagement")
        if module and engagement and engagement.module_id and engagement.module_id != module.pk:
            self.add_error("engagement", "Cet engagement n'appartient pas au module choisi.")
        return donnees


class DecisionForm(FormulaireQualite):
    justification = forms.CharField(label="Justification", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, constat: Constat, **kwargs):
        super().__init__(*args, **kwargs)
        self.suite = Suite.SANS_ACTION if constat.appelle_une_action else Suite.BONNE_PRATIQUE
        if self.suite == Suite.SANS_ACTION:
            self.fields["justification"].required = True
            self.fields["justification"].help_text = "Pourquoi ce constat ne donne lieu à aucune action."
        else:
            self.fields["justification"].label = "Commentaire"
            self.fields["justification"].help_text = "Comment cette bonne pratique sera valorisée."


class ComparaisonForm(FormulaireQualite):
    autre = forms.ModelChoiceField(label="Comparer avec l'audit", queryset=Audit.objects.none(), required=True)

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["autre"].queryset = Audit.objects.exclude(pk=audit.pk)


class ConstatForm(ModelFormQualite):
    """Saisie ou correction d'un constat : N°, portée, module, engagement, nature, texte."""

    class Meta:
        model = Constat
        fields = ["numero", "portee", "module", "engagement", "nature", "texte"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit
        self.fields["module"].queryset = Module.objects.filter(referentiel=audit.referentiel)
        self.fields["module"].help_text = "Vide pour la portée « Pilotage »."
        self.fields["engagement"].queryset = Engagement.objects.filter(referentiel=audit.referentiel).select_related(
            "module"
        )

    def clean(self):
        donnees = super().clean()
        portee, module, engagement = donnees.get("portee"), donnees.get("module"), donnees.get("engagement")
        if portee == Portee.PILOTAGE and module:
            self.add_error("module", "Un constat de pilotage ne relève d'aucun module.")
        if portee == Portee.MODULE and not module:
            self.add_error("module", "Choisissez le module (ou la portée « Pilotage »).")
        if engagement and module and engagement.module_id and engagement.module_id != module.pk:
            self.add_error("engagement", "Cet engagement n'appartient pas au module choisi.")
        numero, nature = donnees.get("numero"), donnees.get("nature")
        if numero and nature:
            doublons = Constat.objects.filter(audit=self.audit, numero=numero, nature=nature).exclude(
                pk=self.instance.pk
            )
            if doublons.exists():
                self.add_error("nature", f"Le constat n°{numero} a déjà cette nature dans cet audit.")
        return donnees


class RenouvellementForm(PerimetreForm):
    """« Renouveler le label » : l'audit de renouvellement qui a eu lieu, sa conclusion, la nouvelle validité et le
    périmètre du nouveau cycle (celui du cycle en cours, modifiable ; vérifié par les règles du référentiel)."""

    audit = forms.ModelChoiceField(label="Audit de renouvellement réalisé", queryset=Audit.objects.none())
    conclusion = forms.ChoiceField(
        label="Conclusion de l'audit", choices=[(c.value, c.label) for c in (Conclusion.ACCORDE, Conclusion.MAINTENU)]
    )
    date_obtention = ChampDate(label="Label renouvelé le")
    date_fin_validite = ChampDate(label="Nouvelle fin de validité")
    organisme = forms.CharField(label="Organisme certificateur", max_length=200, required=False)

    field_order = ["audit", "conclusion", "date_obtention", "date_fin_validite", "organisme", "modules"]

    def __init__(self, *args, cycle: CycleLabel, **kwargs):
        super().__init__(*args, cycle=cycle, **kwargs)
        del self.fields["date"]
        self.fields["modules"].label = "Périmètre du nouveau cycle (celui du cycle en cours, modifiable)"
        audits = Audit.objects.filter(site=cycle.site, type=TypeAudit.RENOUVELLEMENT).order_by("-date_debut")
        self.fields["audit"].queryset = audits
        actuel = cycle.perimetres.order_by("-date", "-pk").first()
        self.initial.setdefault("modules", list(actuel.modules.all()) if actuel else [])
        self.initial.setdefault("audit", audits.first())
        self.initial.setdefault("organisme", cycle.organisme)

    def clean(self):
        donnees = super().clean()
        debut, fin, audit = donnees.get("date_obtention"), donnees.get("date_fin_validite"), donnees.get("audit")
        if debut and fin and fin <= debut:
            self.add_error("date_fin_validite", "La nouvelle fin de validité doit suivre la date de renouvellement.")
        if debut and audit and debut < audit.date_debut:
            self.add_error("date_obtention", "Le label se renouvelle après l'audit de renouvellement.")
        return donnees
