"""Audits (labellisation, suivi, renouvellement, internes) et leurs constats."""

from django.db import models
from simple_history.models import HistoricalRecords

from engagements.models import EcheanceCycle, Engagement, Module, Perimetre, Referentiel
from organisation.models import Site
from plan_actions.models import Action
from qualite.formatage import MOIS
from qualite.nombres import validateurs


class TypeAudit(models.TextChoices):
    LABELLISATION = "labellisation", "Audit de labellisation"
    SUIVI = "suivi", "Audit de suivi"
    RENOUVELLEMENT = "renouvellement", "Audit de renouvellement"
    INTERNE = "interne", "Audit interne / audit blanc"
    AUTODIAGNOSTIC = "autodiagnostic", "Autodiagnostic"


class Conclusion(models.TextChoices):
    ACCORDE = "accorde", "Label accordé"
    MAINTENU = "maintenu", "Label maintenu"
    SUSPENDU = "suspendu", "Label suspendu"
    REFUSE = "refuse", "Label refusé"
    SANS_OBJET = "sans_objet", "Sans objet"


class Nature(models.TextChoices):
    POINT_SENSIBLE = "point_sensible", "Point sensible"
    PISTE_PROGRES = "piste_progres", "Piste de progrès"
    POINT_FORT = "point_fort", "Point fort"
    NC_MINEURE = "nc_mineure", "Non-conformité mineure"
    NC_MAJEURE = "nc_majeure", "Non-conformité majeure"


# Natures qui appellent une décision de suite : action ou absence d'action justifiée.
NATURES_A_TRAITER = (Nature.POINT_SENSIBLE, Nature.PISTE_PROGRES, Nature.NC_MINEURE, Nature.NC_MAJEURE)


class Portee(models.TextChoices):
    MODULE = "module", "Module"
    PILOTAGE = "pilotage", "Pilotage"


class Suite(models.TextChoices):
    ACTION = "action", "Action(s) du plan"
    SANS_ACTION = "sans_action", "Pas d'action (justifiée)"
    BONNE_PRATIQUE = "bonne_pratique", "Bonne pratique à valoriser"


class Etat(models.TextChoices):
    OUVERT = "ouvert", "Ouvert"
    TRAITE = "traite", "Traité"
    VERIFIE = "verifie", "Vérifié lors de l'audit suivant"


class AuditQuerySet(models.QuerySet):
    def avec_details(self):
        return self.select_related("site", "referentiel", "perimetre__cycle")


class Audit(models.Model):
    type = models.CharField("type d'audit", max_length=20, choices=TypeAudit.choices)
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)
    date_au_mois = models.BooleanField(
        "seuls le mois et l'année sont connus", default=False, help_text="La date de début est alors le 1er du mois."
    )
    site = models.ForeignKey(Site, verbose_name="site", on_delete=models.PROTECT, related_name="audits")
    referentiel = models.ForeignKey(
        Referentiel, verbose_name="référentiel", on_delete=models.PROTECT, related_name="audits"
    )
    perimetre = models.ForeignKey(
        Perimetre,
        verbose_name="périmètre audité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    echeance = models.ForeignKey(
        EcheanceCycle,
        verbose_name="audit prévu du cycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audits",
        help_text="L'audit prévu du cycle de label auquel cet audit répond.",
    )
    externe = models.BooleanField("audit externe", default=True, help_text="Décochez pour un audit interne.")
    organisme = models.CharField("organisme", max_length=200, blank=True)
    auditeurs = models.CharField("auditeurs", max_length=255, blank=True)
    conclusion = models.CharField(
        "conclusion",
        max_length=20,
        choices=Conclusion.choices,
        blank=True,
        help_text="Vide tant qu'elle n'est pas connue.",
    )
    rapport = models.FileField("rapport d'audit", upload_to="audits/rapports/", blank=True)
    commentaire = models.TextField("commentaire", blank=True)
    lignes_vides = models.JSONField(
        "N° sans observation dans le tableau importé", default=list, blank=True, editable=False
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = AuditQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lignes_vides"])

    class Meta:
        verbose_name = "audit"
        ordering = ["-date_debut", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.libelle_date}"

    @property
    def libelle_date(self) -> str:
        """« du 16/01/2023 », ou « de novembre 2019 » quand seul le mois est connu."""
        if self.date_au_mois:
            mois = MOIS[self.date_debut.month - 1]
            article = "d'" if mois[0] in "aeiou" else "de "
            return f"{article}{mois} {self.date_debut.year}"
        return f"du {self.date_debut:%d/%m/%Y}"


class ConstatQuerySet(models.QuerySet):
    def ouverts(self):
        return self.filter(etat=Etat.OUVERT)

    def a_traiter(self):
        return self.filter(nature__in=NATURES_A_TRAITER)


class Constat(models.Model):
    audit = models.ForeignKey(Audit, verbose_name="audit", on_delete=models.CASCADE, related_name="constats")
    numero = models.PositiveIntegerField("N°", validators=validateurs("numero"))
    portee = models.CharField("portée", max_length=10, choices=Portee.choices, default=Portee.MODULE)
    module = models.ForeignKey(
        Module, verbose_name="module", null=True, blank=True, on_delete=models.PROTECT, related_name="constats"
    )
    engagement = models.ForeignKey(
        Engagement,
        verbose_name="engagement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="constats",
    )
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    texte = models.TextField("constat")
    suite = models.CharField("suite donnée", max_length=20, choices=Suite.choices, blank=True)
    justification = models.TextField("justification", blank=True)
    etat = models.CharField("état", max_length=10, choices=Etat.choices, default=Etat.OUVERT)
    date_decision = models.DateField("décidé le", null=True, blank=True)
    actions = models.ManyToManyField(Action, verbose_name="actions du plan", blank=True, related_name="constats")
    # Changement de référentiel : le constat ouvert suit aussi les successeurs de son module ou de son engagement
    # (le module et l'engagement d'origine ne changent pas : l'audit reste tel qu'il a eu lieu).
    modules_repris = models.ManyToManyField(
        Module, verbose_name="modules successeurs", blank=True, related_name="constats_repris"
    )
    engagements_repris = models.ManyToManyField(
        Engagement, verbose_name="engagements successeurs", blank=True, related_name="constats_repris"
    )

    objects = ConstatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "constat"
        ordering = ["audit", "numero", "nature"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "numero", "nature"], name="constat_numero_nature_unique"),
            models.CheckConstraint(
                condition=models.Q(portee="pilotage", module__isnull=True) | models.Q(portee="module"),
                name="constat_pilotage_sans_module",
            ),
        ]

    def __str__(self) -> str:
        return f"N°{self.numero} – {self.get_nature_display()} ({self.libelle_portee})"

    @property
    def libelle_portee(self) -> str:
        if self.portee == Portee.PILOTAGE:
            return "Pilotage"
        return f"Module {self.module.numero}" if self.module_id else "Module non précisé"

    @property
    def appelle_une_action(self) -> bool:
        return self.nature in NATURES_A_TRAITER
