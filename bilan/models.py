"""Bilan qualité annuel : le texte rédigé par le référent et les demandes de PDF."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Edition(models.TextChoices):
    COPIL = "copil", "COPIL (complète)"
    CLU = "clu", "Comité local des usagers (publique)"


class Narratif(models.Model):
    """Le texte éditorial d'une année : introduction, faits marquants, pérennisation, perspectives."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    introduction = models.TextField("introduction", blank=True)
    faits_marquants = models.TextField("faits marquants", blank=True)
    perennisation = models.TextField("modalités de pérennisation de la démarche", blank=True)
    perspectives = models.TextField("perspectives", blank=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="modifié par", null=True, blank=True, on_delete=models.SET_NULL
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "texte du bilan"
        verbose_name_plural = "textes des bilans"
        ordering = ["-annee"]

    def __str__(self) -> str:
        return f"Texte du bilan {self.annee}"


class StatutGeneration(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


STATUTS_ACTIFS = [StatutGeneration.EN_ATTENTE, StatutGeneration.EN_COURS]


class GenerationQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(statut__in=STATUTS_ACTIFS)


class Generation(models.Model):
    """Ce qu'ont en commun les demandes de fichiers construits par Celery (bilan, diaporama) : l'état, les
    tentatives, les dates du suivi et la taille du fichier archivé."""

    Statut = StatutGeneration

    statut = models.CharField("état", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE)
    raison_echec = models.TextField("raison de l'échec", blank=True)
    creee_le = models.DateTimeField("demandée le", auto_now_add=True)
    # Vide tant que la tâche n'a pas pu être confiée au courtier (Redis injoignable) : la relance s'en charge.
    envoyee_le = models.DateTimeField("tâche envoyée le", null=True, blank=True)
    commencee_le = models.DateTimeField("commencée le", null=True, blank=True)
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    taille = models.PositiveIntegerField("taille (octets)", null=True, blank=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-creee_le", "-pk"]

    @property
    def est_active(self) -> bool:
        return self.statut in STATUTS_ACTIFS

    @property
    def attend_le_service(self) -> bool:
        """En attente et pas encore confiée au service de génération (courtier injoignable)."""
        return self.statut == self.Statut.EN_ATTENTE and self.envoyee_le is None


class DemandeBilan(Generation):
    """Une demande de génération du PDF d'une année et d'une édition, traitée par Celery."""

    class Etape(models.TextChoices):
        LECTURE = "lecture", "Lecture des chiffres de l'année"
        MISE_EN_PAGE = "mise_en_page", "Mise en page du PDF"
        ARCHIVAGE = "archivage", "Archivage du fichier"

    annee = models.PositiveSmallIntegerField("année")
    edition = models.CharField("édition", max_length=10, choices=Edition.choices)
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes_bilan",
    )
    # L'étape en cours d'une génération, affichée pendant que la demande est « en cours ».
    etape = models.CharField("étape", max_length=20, choices=Etape.choices, blank=True)
    fichier = models.FileField("PDF archivé", upload_to="bilans/", blank=True, max_length=255)
    nb_pages = models.PositiveIntegerField("nombre de pages", null=True, blank=True)

    class Meta(Generation.Meta):
        verbose_name = "demande de bilan"
        verbose_name_plural = "demandes de bilan"
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "edition"],
                condition=models.Q(statut__in=["en_attente", "en_cours"]),
                name="bilan_une_demande_active_par_annee_edition",
            ),
        ]

    def __str__(self) -> str:
        return f"Bilan {self.annee} — {self.get_edition_display()} ({self.get_statut_display()})"

    @property
    def numero_etape(self) -> int:
        """1, 2 ou 3 : le rang de l'étape en cours parmi les trois (0 hors génération)."""
        valeurs = list(self.Etape.values)
        return valeurs.index(self.etape) + 1 if self.etape in valeurs else 0

    @property
    def nombre_etapes(self) -> int:
        return len(self.Etape.values)


class FormatPresentation(models.TextChoices):
    PPTX = "pptx", "PowerPoint modifiable (.pptx)"
    PDF = "pdf", "PDF 16:9"


class MasquePresentation(models.Model):
    """Le masque PowerPoint de la préfecture, téléversé par le référent ; le plus récent sert aux diaporamas."""

    fichier = models.FileField("masque PowerPoint (.pptx)", upload_to="bilans/masques/", max_length=255)
    nom = models.CharField("nom du fichier", max_length=255)
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="téléversé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    televerse_le = models.DateTimeField("téléversé le", auto_now_add=True)

    class Meta:
        verbose_name = "masque de diaporama"
        verbose_name_plural = "masques de diaporama"
        ordering = ["-televerse_le", "-pk"]

    def __str__(self) -> str:
        return self.nom


class DemandePresentation(Generation):
    """Une demande du diaporama du comité (année, édition, format), traitée par Celery comme le bilan."""

    annee = models.PositiveSmallIntegerField("année")
    edition = models.CharField("édition", max_length=10, choices=Edition.choices)
    format = models.CharField("format", max_length=10, choices=FormatPresentation.choices)
    # Les clés des diapositives retenues (bilan.presentation.contenu.DIAPOSITIVES), dans l'ordre du diaporama.
    diapositives = models.JSONField("diapositives retenues", default=list)
    masque = models.ForeignKey(
        MasquePresentation,
        verbose_name="masque de la préfecture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes",
    )
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes_presentation",
    )
    fichier = models.FileField("diaporama archivé", upload_to="bilans/", blank=True, max_length=255)
    nb_diapositives = models.PositiveIntegerField("nombre de diapositives", null=True, blank=True)

    class Meta(Generation.Meta):
        verbose_name = "demande de diaporama"
        verbose_name_plural = "demandes de diaporama"
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "edition", "format"],
                condition=models.Q(statut__in=["en_attente", "en_cours"]),
                name="presentation_une_demande_active_par_annee_edition_format",
            ),
        ]

    def __str__(self) -> str:
        edition = self.get_edition_display()
        return f"Diaporama {self.annee} — {edition}, {self.format.upper()} ({self.get_statut_display()})"
