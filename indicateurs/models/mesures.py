"""Indicateurs mensuels, trimestriels ou annuels, leurs mesures et les alertes hors cible."""

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from engagements.models import Engagement
from organisation.models import Service
from plan_actions.models import Action

from .. import regles


class TypeCalcul(models.TextChoices):
    RATIO = "ratio", "Taux (numérateur / dénominateur × 100)"
    DELAI_MOYEN = "delai_moyen", "Délai moyen (total des délais / nombre de réponses)"
    NOMBRE = "nombre", "Nombre (somme des périodes)"
    VALEUR = "valeur", "Valeur saisie (enquête)"


class Sens(models.TextChoices):
    MAX = "max", "Cible maximale (la valeur doit rester inférieure ou égale)"
    MIN = "min", "Cible minimale (la valeur doit atteindre au moins)"


class Periodicite(models.TextChoices):
    MENSUELLE = "mensuelle", "Mensuelle"
    TRIMESTRIELLE = "trimestrielle", "Trimestrielle"
    ANNUELLE = "annuelle", "Annuelle"


class IndicateurQuerySet(models.QuerySet):
    def actifs_le(self, jour: date):
        """Indicateurs en activité à une date (période d'activité ouverte aux deux bouts)."""
        return self.filter(
            models.Q(date_debut__isnull=True) | models.Q(date_debut__lte=jour),
            models.Q(date_fin__isnull=True) | models.Q(date_fin__gte=jour),
        )

    def mensuels(self):
        return self.filter(periodicite=Periodicite.MENSUELLE)


class Indicateur(models.Model):
    code = models.SlugField("code", max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=255)
    mode_calcul = models.TextField("mode de calcul", blank=True)
    engagements = models.ManyToManyField(Engagement, verbose_name="engagements", blank=True, related_name="indicateurs")
    service_recueil = models.ForeignKey(
        Service,
        verbose_name="service chargé du recueil",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicateurs",
    )
    unite = models.CharField("unité", max_length=30, blank=True)
    type_calcul = models.CharField("calcul", max_length=20, choices=TypeCalcul.choices)
    sens = models.CharField("sens de la cible", max_length=3, choices=Sens.choices, blank=True)
    cible = models.DecimalField("cible", max_digits=12, decimal_places=2, null=True, blank=True)
    seuil_alerte = models.DecimalField("seuil d'alerte", max_digits=12, decimal_places=2, null=True, blank=True)
    periodicite = models.CharField(
        "périodicité", max_length=15, choices=Periodicite.choices, default=Periodicite.MENSUELLE
    )
    date_debut = models.DateField("suivi depuis le", null=True, blank=True)
    date_fin = models.DateField("suivi jusqu'au", null=True, blank=True)
    ordre = models.PositiveIntegerField("ordre d'affichage", default=0)
    source_registre = models.BooleanField(
        "calculé depuis le registre des sollicitations",
        default=False,
        help_text="Taux de réponse ou délai moyen calculé chaque mois depuis le registre de l'écoute des usagers : "
        "la saisie manuelle est alors fermée.",
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = IndicateurQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[engagements])

    class Meta:
        verbose_name = "indicateur"
        ordering = ["ordre", "code"]

    def __str__(self) -> str:
        return self.libelle

    @property
    def a_deux_termes(self) -> bool:
        """Vrai pour un taux ou un délai moyen : on saisit un numérateur et un dénominateur."""
        return regles.a_deux_termes(self.type_calcul)

    @property
    def libelle_numerateur(self) -> str:
        return "Total des délais (jours)" if self.type_calcul == TypeCalcul.DELAI_MOYEN else "Numérateur"

    @property
    def libelle_denominateur(self) -> str:
        return "Nombre de réponses" if self.type_calcul == TypeCalcul.DELAI_MOYEN else "Dénominateur"


class MesureQuerySet(models.QuerySet):
    def de_l_annee(self, annee: int):
        return self.filter(annee=annee)


class Mesure(models.Model):
    """La mesure d'un indicateur pour une période : mois (1-12), trimestre (1-4) ou année (0 et 0)."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="mesures")
    annee = models.PositiveSmallIntegerField("année")
    trimestre = models.PositiveSmallIntegerField("trimestre", default=0, help_text="0 : pas un trimestre")
    mois = models.PositiveSmallIntegerField("mois", default=0, help_text="0 : pas un mois")
    numerateur = models.DecimalField("numérateur", max_digits=14, decimal_places=2, null=True, blank=True)
    denominateur = models.DecimalField("dénominateur", max_digits=14, decimal_places=2, null=True, blank=True)
    valeur = models.DecimalField("valeur", max_digits=14, decimal_places=2, null=True, blank=True)
    provisoire = models.BooleanField("provisoire", default=False)
    commentaire = models.TextField("commentaire", blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="saisi par", null=True, blank=True, on_delete=models.SET_NULL
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = MesureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mesure"
        ordering = ["indicateur", "annee", "trimestre", "mois"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "annee", "trimestre", "mois"], name="mesure_unique_periode"),
            models.CheckConstraint(condition=models.Q(mois__lte=12), name="mesure_mois_valide"),
            models.CheckConstraint(condition=models.Q(trimestre__lte=4), name="mesure_trimestre_valide"),
        ]
        indexes = [models.Index(fields=["annee", "mois"])]

    def __str__(self) -> str:
        return f"{self.indicateur.code} {self.periode}"

    @property
    def periode(self) -> str:
        """« 2023-10 », « 2023-T2 » ou « 2023 » (le format des imports et exports)."""
        if self.mois:
            return f"{self.annee}-{self.mois:02d}"
        if self.trimestre:
            return f"{self.annee}-T{self.trimestre}"
        return f"{self.annee}"


class AlerteIndicateur(models.Model):
    """Une valeur hors cible (cumulée sur l'année, ou d'un mois), et l'action corrective qu'elle a déclenchée."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="alertes")
    annee = models.PositiveSmallIntegerField("année")
    mois = models.PositiveSmallIntegerField("mois (0 : valeur cumulée de l'année)", default=0)
    jusqu_au_mois = models.PositiveSmallIntegerField("valeur cumulée jusqu'au mois", default=12)
    valeur = models.DecimalField("valeur constatée", max_digits=14, decimal_places=2)
    action = models.ForeignKey(
        Action, verbose_name="action corrective", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créée par", null=True, blank=True, on_delete=models.SET_NULL
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "alerte d'indicateur"
        verbose_name_plural = "alertes d'indicateurs"
        ordering = ["-annee", "indicateur"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "annee", "mois"], name="alerte_unique_par_periode")
        ]

    def __str__(self) -> str:
        periode = f"{self.annee}-{self.mois:02d}" if self.mois else f"{self.annee}"
        return f"{self.indicateur.code} {periode} : {self.valeur}"
