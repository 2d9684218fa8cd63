"""Instances (COPIL, comité local des usagers) et publications trimestrielles des résultats."""

from django.conf import settings
from django.db import models

from organisation.models import Site


class TypeInstance(models.TextChoices):
    COPIL = "copil", "COPIL"
    CLU = "clu", "Comité local des usagers"


class StatutInstance(models.TextChoices):
    PLANIFIEE = "planifiee", "Planifiée"
    TENUE = "tenue", "Tenue"


class Presence(models.TextChoices):
    PRESENT = "present", "Présent"
    ABSENT = "absent", "Absent"
    EXCUSE = "excuse", "Excusé"


class InstanceQuerySet(models.QuerySet):
    def a_venir(self, aujourdhui):
        return self.filter(statut=StatutInstance.PLANIFIEE, date__gte=aujourdhui).order_by("date", "pk")


class Instance(models.Model):
    """Une séance du COPIL ou du comité local des usagers."""

    type = models.CharField("instance", max_length=10, choices=TypeInstance.choices)
    titre = models.CharField("intitulé", max_length=200, blank=True, help_text="Par défaut : le type et la date.")
    date = models.DateField("date")
    lieu = models.CharField("lieu", max_length=200, blank=True)
    ordre_du_jour = models.TextField("ordre du jour", blank=True)
    compte_rendu = models.TextField("compte rendu", blank=True)
    compte_rendu_fichier = models.FileField("compte rendu (fichier)", upload_to="pilotage/comptes-rendus/", blank=True)
    statut = models.CharField("statut", max_length=10, choices=StatutInstance.choices, default=StatutInstance.PLANIFIEE)
    compte_rendu_envoye_le = models.DateTimeField("compte rendu envoyé le", null=True, blank=True)
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = InstanceQuerySet.as_manager()

    class Meta:
        verbose_name = "séance d'instance"
        verbose_name_plural = "séances d'instance"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.titre or f"{self.get_type_display()} du {self.date:%d/%m/%Y}"

    @property
    def a_un_compte_rendu(self) -> bool:
        return bool(self.compte_rendu.strip() or self.compte_rendu_fichier)


class Participation(models.Model):
    """Un membre convoqué : un compte de l'application ou un membre externe (nom et courriel)."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="participations")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    nom = models.CharField("nom (membre externe)", max_length=200, blank=True)
    courriel = models.EmailField("courriel (membre externe)", blank=True)
    presence = models.CharField("présence", max_length=10, choices=Presence.choices, default=Presence.PRESENT)

    class Meta:
        verbose_name = "participation"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "utilisateur"],
                condition=models.Q(utilisateur__isnull=False),
                name="participation_unique_par_membre",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def libelle(self) -> str:
        return str(self.utilisateur) if self.utilisateur_id else self.nom

    @property
    def adresse(self) -> str:
        return self.utilisateur.email if self.utilisateur_id else self.courriel


class Decision(models.Model):
    """Une décision prise en séance ; elle devient une action du plan (le lien est gardé ici)."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="decisions")
    texte = models.TextField("décision")
    action = models.ForeignKey(
        "plan_actions.Action",
        verbose_name="action du plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions_instance",
    )

    class Meta:
        verbose_name = "décision"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.texte[:80]


class PublicationQuerySet(models.QuerySet):
    def validees(self):
        return self.filter(validee_le__isnull=False)


class PublicationTrimestrielle(models.Model):
    """Les résultats d'un trimestre : indicateurs choisis par le référent, publiés une fois validés."""

    site = models.ForeignKey(Site, verbose_name="site", on_delete=models.PROTECT, related_name="publications")
    annee = models.PositiveSmallIntegerField("année")
    trimestre = models.PositiveSmallIntegerField("trimestre", choices=[(t, f"T{t}") for t in range(1, 5)])
    indicateurs = models.ManyToManyField(
        "indicateurs.Indicateur", verbose_name="indicateurs publiés", blank=True, related_name="publications"
    )
    validee_le = models.DateTimeField("validée le", null=True, blank=True)
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "publication trimestrielle"
        ordering = ["-annee", "-trimestre", "site__ordre"]
        constraints = [
            models.UniqueConstraint(fields=["site", "annee", "trimestre"], name="publication_unique_par_trimestre"),
        ]

    def __str__(self) -> str:
        return f"T{self.trimestre} {self.annee} — {self.site}"

    @property
    def periode(self) -> str:
        return f"{self.annee}-T{self.trimestre}"

    @property
    def est_validee(self) -> bool:
        return self.validee_le is not None


class JetonAgenda(models.Model):
    """Le lien secret du flux iCal personnel d'un compte ; en créer un nouveau révoque l'ancien."""

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE, related_name="jeton_agenda"
    )
    jeton = models.CharField("jeton", max_length=64, unique=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "lien secret d'agenda"
        verbose_name_plural = "liens secrets d'agenda"

    def __str__(self) -> str:
        return f"Agenda de {self.utilisateur}"
