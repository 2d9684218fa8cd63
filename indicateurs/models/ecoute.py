"""Écoute des usagers : registre des réclamations, suggestions et expériences JDMA (Services Publics+)."""

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qualite.models import Service


class TypeSollicitation(models.TextChoices):
    RECLAMATION = "reclamation", "Réclamation"
    SUGGESTION = "suggestion", "Suggestion"
    JDMA = "jdma", "Expérience JDMA (Services Publics+)"


class CanalSollicitation(models.TextChoices):
    COURRIEL = "courriel", "Courriel"
    COURRIER = "courrier", "Courrier"
    TELEPHONE = "telephone", "Téléphone"
    GUICHET = "guichet", "Guichet"
    SERVICES_PUBLICS_PLUS = "services_publics_plus", "Services Publics+ (JDMA)"


class ObjetSollicitation(models.TextChoices):
    TITRES = "titres", "Titres d'identité (CNI, passeport)"
    PERMIS = "permis", "Permis de conduire"
    IMMATRICULATION = "immatriculation", "Certificat d'immatriculation"
    ETRANGERS = "etrangers", "Séjour des étrangers"
    RENDEZ_VOUS = "rendez_vous", "Prise de rendez-vous"
    DELAIS = "delais", "Délais de traitement"
    ACCUEIL = "accueil", "Accueil (physique ou téléphonique)"
    AUTRE = "autre", "Autre objet"


class SollicitationQuerySet(models.QuerySet):
    def recues_en(self, annee: int, mois: int | None = None):
        queryset = self.filter(recue_le__year=annee)
        return queryset.filter(recue_le__month=mois) if mois else queryset

    def du_service(self, services):
        return self.filter(service__in=services)


class Sollicitation(models.Model):
    type = models.CharField("type", max_length=20, choices=TypeSollicitation.choices)
    recue_le = models.DateField("reçue le")
    canal = models.CharField("canal", max_length=30, choices=CanalSollicitation.choices)
    objet = models.CharField("objet", max_length=30, choices=ObjetSollicitation.choices)
    service = models.ForeignKey(
        Service,
        verbose_name="service concerné",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sollicitations",
    )
    resume = models.TextField("résumé de la demande")
    reponse = models.TextField("réponse apportée", blank=True)
    repondue_le = models.DateField("répondue le", null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="enregistrée par", null=True, blank=True, on_delete=models.SET_NULL
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = SollicitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sollicitation"
        ordering = ["-recue_le", "-pk"]
        indexes = [models.Index(fields=["recue_le"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repondue_le__isnull=True) | models.Q(repondue_le__gte=models.F("recue_le")),
                name="sollicitation_reponse_apres_reception",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.recue_le:%d/%m/%Y}"

    @property
    def delai(self) -> int | None:
        """Délai de réponse en jours calendaires (reçue le 02/10, répondue le 05/10 → 3)."""
        if self.repondue_le is None:
            return None
        return (self.repondue_le - self.recue_le).days

    @property
    def mois_reception(self) -> date:
        return self.recue_le.replace(day=1)
