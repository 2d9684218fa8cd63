"""Le plan d'actions : actions d'amélioration, journal, relances."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from engagements.models import Engagement, Module
from organisation.models import Service


class Origine(models.TextChoices):
    CONSTAT_AUDIT = "constat_audit", "Constat d'audit"
    RETEX = "retex", "RETEX d'exercice"
    ENQUETE = "enquete", "Enquête de satisfaction"
    RECLAMATION = "reclamation", "Réclamation / JDMA"
    CLU = "clu", "Comité local des usagers"
    COPIL = "copil", "COPIL"
    INDICATEUR = "indicateur", "Indicateur hors cible"
    INTERNE = "interne", "Initiative interne"


class Statut(models.TextChoices):
    A_LANCER = "a_lancer", "À lancer"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"
    REPORTEE = "reportee", "Reportée"


STATUTS_OUVERTS = (Statut.A_LANCER, Statut.EN_COURS, Statut.REPORTEE)


class Priorite(models.TextChoices):
    HAUTE = "haute", "Haute"
    NORMALE = "normale", "Normale"
    BASSE = "basse", "Basse"


class Efficacite(models.TextChoices):
    EFFICACE = "efficace", "Efficace"
    PARTIELLE = "partielle", "Partiellement efficace"
    NON_EFFICACE = "non_efficace", "Non efficace"


class ActionQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(statut__in=STATUTS_OUVERTS)

    def en_retard(self, aujourdhui=None):
        aujourdhui = aujourdhui or timezone.localdate()
        return self.ouvertes().filter(echeance__lt=aujourdhui)


class Action(models.Model):
    reference = models.CharField("N°", max_length=30, unique=True)
    intitule = models.TextField("intitulé")
    description = models.TextField("description", blank=True)
    origine = models.CharField("origine", max_length=20, choices=Origine.choices, default=Origine.INTERNE)
    origine_libelle = models.CharField("précision sur l'origine", max_length=255, blank=True)
    origine_lien = models.CharField("lien vers la source", max_length=500, blank=True)
    modules = models.ManyToManyField(Module, verbose_name="modules", blank=True, related_name="actions")
    engagements = models.ManyToManyField(Engagement, verbose_name="engagements", blank=True, related_name="actions")
    service_pilote = models.ForeignKey(
        Service, verbose_name="service pilote", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    responsables = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="responsables", blank=True, related_name="actions_suivies"
    )
    responsable_nom = models.CharField(
        "responsable (hors comptes)",
        max_length=255,
        blank=True,
        help_text="Nom tel qu'importé, s'il n'a pas de compte.",
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    priorite = models.CharField("priorité", max_length=10, choices=Priorite.choices, default=Priorite.NORMALE)
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.A_LANCER)
    avancement = models.PositiveSmallIntegerField("avancement (%)", default=0)
    date_creation = models.DateField("créée le", default=timezone.localdate)
    date_realisation = models.DateField("réalisée le", null=True, blank=True)
    efficacite = models.CharField("efficacité", max_length=20, choices=Efficacite.choices, blank=True)
    efficacite_date = models.DateField("efficacité vérifiée le", null=True, blank=True)
    efficacite_commentaire = models.TextField("commentaire sur l'efficacité", blank=True)
    efficacite_indicateur = models.CharField("indicateur attendu en hausse ou en baisse", max_length=255, blank=True)
    est_demo = models.BooleanField("donnée de démonstration", default=False)
    # Verrou optimiste : incrémenté à chaque enregistrement par les services.
    version = models.PositiveIntegerField(default=1)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[modules, engagements, responsables])

    class Meta:
        verbose_name = "action"
        ordering = ["-reference"]
        indexes = [
            models.Index(fields=["statut", "echeance"]),
            models.Index(fields=["date_creation"]),
            # Couvre les comptes du tableau de bord groupés par service (`selectors.calculer_chiffres`) : la base
            # les lit dans l'index, sans parcourir les lignes (larges : intitulé, description).
            models.Index(
                fields=["service_pilote", "statut", "echeance", "date_realisation", "date_creation"],
                name="action_comptes",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(avancement__lte=100), name="action_avancement_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.intitule}"

    @property
    def est_ouverte(self) -> bool:
        return self.statut in STATUTS_OUVERTS

    def est_en_retard(self, aujourdhui=None) -> bool:
        aujourdhui = aujourdhui or timezone.localdate()
        return self.est_ouverte and self.echeance is not None and self.echeance < aujourdhui


class ClotureAnnee(models.Model):
    """Une année close : l'état de chaque action au 31/12 (`EtatAnnuel`) et les chiffres du plan ce soir-là, figés
    une fois (`services.annee_cloturer`). Le tableau de bord, les listes `au=` et le bilan de l'année les lisent :
    une modification ultérieure de l'historique ne change plus l'année."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    cloturee_le = models.DateTimeField("close le", default=timezone.now)
    # Les chiffres du tableau de bord au 31/12 (`selectors.chiffres_du_plan`), calculés depuis `EtatAnnuel`.
    chiffres = models.JSONField("chiffres du plan au 31/12", default=dict)

    class Meta:
        verbose_name = "clôture d'une année"
        verbose_name_plural = "clôtures des années"
        ordering = ["-annee"]

    def __str__(self) -> str:
        return f"Année {self.annee} close"


class EtatAnnuel(models.Model):
    """L'état d'une action au soir du 31/12 d'une année close (statut, avancement, échéance, réalisation)."""

    cloture = models.ForeignKey(ClotureAnnee, on_delete=models.CASCADE, related_name="etats")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="etats_annuels")
    statut = models.CharField("statut", max_length=20, choices=Statut.choices)
    avancement = models.PositiveSmallIntegerField("avancement (%)", default=0)
    echeance = models.DateField("échéance", null=True, blank=True)
    date_realisation = models.DateField("réalisée le", null=True, blank=True)

    class Meta:
        verbose_name = "état d'une action au 31/12"
        verbose_name_plural = "états des actions au 31/12"
        constraints = [models.UniqueConstraint(fields=["cloture", "action"], name="etat_annuel_unique")]

    def __str__(self) -> str:
        return f"{self.action_id} au 31/12 ({self.cloture_id})"


class Commentaire(models.Model):
    """Le journal daté d'une action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commentaires")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    date = models.DateTimeField("date", default=timezone.now)
    texte = models.TextField("commentaire")

    class Meta:
        verbose_name = "commentaire"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.action.reference} — {self.date:%d/%m/%Y}"
