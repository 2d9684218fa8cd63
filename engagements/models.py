"""Référentiels (Qual-e-Pref, Quali-ATE, Services Publics+), modules, engagements, cycles et périmètres."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from organisation.models import Service, Site
from qualite.nombres import validateurs


class Referentiel(models.Model):
    class Regle(models.TextChoices):
        QUAL_E_PREF = "qual_e_pref", "Qual-e-Pref : module 1 et au moins un module optionnel"
        QUALI_ATE = "quali_ate", "Quali-ATE : 2 modules socles et des modules métiers"
        AUCUNE = "aucune", "Aucune règle de périmètre"

    code = models.SlugField("code", max_length=50)
    titre = models.CharField("titre", max_length=200)
    version = models.CharField("version", max_length=50, blank=True)
    date_debut = models.DateField("début de validité", null=True, blank=True)
    date_fin = models.DateField("fin de validité", null=True, blank=True)
    source = models.TextField("source", blank=True)
    regle_perimetre = models.CharField("règle de périmètre", max_length=20, choices=Regle.choices, default=Regle.AUCUNE)
    est_demo = models.BooleanField(
        "contenu de démonstration", default=False, help_text="Titres et engagements inventés pour la démonstration."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "référentiel"
        ordering = ["titre", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="referentiel_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.titre} {self.version}".strip()


class Module(models.Model):
    class Type(models.TextChoices):
        OBLIGATOIRE = "obligatoire", "Obligatoire"
        OPTIONNEL = "optionnel", "Optionnel"
        SOCLE = "socle", "Socle"
        METIER = "metier", "Métier"

    referentiel = models.ForeignKey(Referentiel, on_delete=models.CASCADE, related_name="modules")
    numero = models.PositiveIntegerField("numéro", validators=validateurs("numero"))
    titre = models.CharField("titre", max_length=255, blank=True)
    type = models.CharField("type", max_length=20, choices=Type.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "module"
        ordering = ["referentiel", "numero"]
        constraints = [models.UniqueConstraint(fields=["referentiel", "numero"], name="module_numero_unique")]

    def __str__(self) -> str:
        return f"Module {self.numero} – {self.titre_affiche}"

    @property
    def titre_affiche(self) -> str:
        return self.titre or "titre à saisir par le référent"


class Rubrique(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="rubriques")
    titre = models.CharField("titre", max_length=200)
    ordre = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "rubrique"
        ordering = ["module", "ordre", "titre"]
        constraints = [models.UniqueConstraint(fields=["module", "titre"], name="rubrique_titre_unique")]

    def __str__(self) -> str:
        return self.titre


class Engagement(models.Model):
    """Un engagement numéroté ; `module` est vide pour un référentiel sans modules (Services Publics+)."""

    referentiel = models.ForeignKey(Referentiel, on_delete=models.CASCADE, related_name="engagements")
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.CASCADE, related_name="engagements")
    rubrique = models.ForeignKey(Rubrique, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements")
    numero = models.PositiveIntegerField("numéro", validators=validateurs("numero"))
    libelle = models.TextField("libellé")
    services_concernes = models.ManyToManyField(
        Service, verbose_name="services concernés", blank=True, related_name="engagements"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "engagement"
        ordering = ["referentiel", "module__numero", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "module", "numero"], name="engagement_numero_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.libelle}"

    @property
    def code(self) -> str:
        """« 1.12 » pour l'engagement 12 du module 1, « 4 » pour un référentiel sans modules."""
        return f"{self.module.numero}.{self.numero}" if self.module_id else f"{self.numero}"


class CycleLabel(models.Model):
    """Un cycle de label d'un site : obtention, validité, audits prévus."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cycles")
    referentiel = models.ForeignKey(Referentiel, on_delete=models.PROTECT, related_name="cycles")
    date_obtention = models.DateField("label obtenu le", null=True, blank=True)
    organisme = models.CharField("organisme certificateur", max_length=200, blank=True)
    date_fin_validite = models.DateField("fin de validité", null=True, blank=True)
    commentaire = models.TextField("commentaire", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cycle de label"
        verbose_name_plural = "cycles de label"
        ordering = ["-date_obtention"]

    def __str__(self) -> str:
        return f"{self.referentiel} — {self.site}"


class Perimetre(models.Model):
    """Les modules qu'un site présente à l'auditeur pour un cycle de label."""

    cycle = models.ForeignKey(CycleLabel, on_delete=models.CASCADE, related_name="perimetres")
    modules = models.ManyToManyField(Module, verbose_name="modules", related_name="perimetres")
    date = models.DateField("arrêté le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "périmètre de labellisation"
        verbose_name_plural = "périmètres de labellisation"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Périmètre {self.cycle}"


class TypeEcheance(models.TextChoices):
    LABELLISATION = "labellisation", "Audit de labellisation"
    SUIVI = "suivi", "Audit de suivi"
    RENOUVELLEMENT = "renouvellement", "Audit de renouvellement"


class EcheanceCycle(models.Model):
    """Un audit prévu dans le cycle du label (l'audit lui-même est tenu par l'application audits)."""

    cycle = models.ForeignKey(CycleLabel, on_delete=models.CASCADE, related_name="echeances")
    type = models.CharField("type d'audit", max_length=20, choices=TypeEcheance.choices)
    date_prevue = models.DateField("date prévue")
    precision_mois = models.BooleanField(
        "date connue au mois près", default=False, help_text="Affichée « novembre 2019 » plutôt que jour par jour."
    )
    commentaire = models.CharField("commentaire", max_length=255, blank=True)
    # Renseignée quand l'audit qui répond à cette échéance a eu lieu (l'application audits tient le lien).
    date_realisation = models.DateField("audit réalisé le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "audit prévu"
        verbose_name_plural = "audits prévus"
        ordering = ["date_prevue", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "type"], name="echeance_type_unique_par_cycle")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.cycle}"


class EvenementLabel(models.Model):
    """Un jalon de l'historique du label d'un site (Marianne 2012, Qualipref 2.0 en 2015…)."""

    class Precision(models.TextChoices):
        JOUR = "jour", "Jour"
        MOIS = "mois", "Mois"
        ANNEE = "annee", "Année"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="evenements_label")
    date = models.DateField("date")
    precision = models.CharField("précision de la date", max_length=10, choices=Precision.choices, default="jour")
    libelle = models.CharField("événement", max_length=255)
    referentiel = models.CharField("référentiel", max_length=100, blank=True)
    remarque = models.CharField("remarque", max_length=255, blank=True)

    class Meta:
        verbose_name = "événement de l'historique du label"
        verbose_name_plural = "historique du label"
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["site", "date", "libelle"], name="evenement_label_unique")]

    def __str__(self) -> str:
        return self.libelle


class Niveau(models.TextChoices):
    CONFORME = "conforme", "Conforme"
    PARTIEL = "partiel", "Partiellement conforme"
    NON_CONFORME = "non_conforme", "Non conforme"
    NON_EVALUE = "non_evalue", "Non évalué"


class Autodiagnostic(models.Model):
    """Une évaluation datée d'un engagement ; les précédentes sont conservées (historique)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="autodiagnostics")
    repris_de = models.ForeignKey(
        "self",
        verbose_name="repris de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reprises",
        help_text="L'évaluation de l'ancien référentiel qui sert de point de départ (changement de référentiel).",
    )
    date = models.DateField("date", default=timezone.localdate)
    niveau = models.CharField("niveau de conformité", max_length=20, choices=Niveau.choices)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    commentaire = models.TextField("commentaire", blank=True)
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "autodiagnostic"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["engagement", "-date"])]

    def __str__(self) -> str:
        return f"{self.engagement.code} : {self.get_niveau_display()} au {self.date:%d/%m/%Y}"


class Preuve(models.Model):
    """Un document ou un lien qui montre qu'un engagement est tenu."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="preuves")
    reprise_de = models.ForeignKey(
        "self",
        verbose_name="reprise de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reprises",
        help_text="La preuve de l'ancien référentiel dont celle-ci est la reprise (même fichier ou même lien).",
    )
    titre = models.CharField("titre", max_length=255)
    fichier = models.FileField("fichier", upload_to="preuves/%Y/", blank=True, max_length=255)
    lien = models.URLField("lien", blank=True, max_length=500)
    date = models.DateField("date du document", default=timezone.localdate)
    a_revoir_le = models.DateField("à revoir le", null=True, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    ajoutee_le = models.DateTimeField("ajoutée le", auto_now_add=True)
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "preuve"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(fichier="") & ~models.Q(lien="")) | (~models.Q(fichier="") & models.Q(lien="")),
                name="preuve_fichier_ou_lien",
            )
        ]

    def __str__(self) -> str:
        return self.titre

    def est_expiree(self, aujourdhui=None) -> bool:
        aujourdhui = aujourdhui or timezone.localdate()
        return self.a_revoir_le is not None and self.a_revoir_le < aujourdhui


class Correspondance(models.Model):
    """Un ancien engagement et l'un de ses successeurs dans un autre référentiel ; sans successeur (`nouveau` vide),
    l'engagement est retiré. Plusieurs lignes pour un même ancien engagement : un pour plusieurs."""

    depuis = models.ForeignKey(
        Referentiel, verbose_name="référentiel d'origine", on_delete=models.CASCADE, related_name="correspondances"
    )
    vers = models.ForeignKey(
        Referentiel, verbose_name="référentiel cible", on_delete=models.CASCADE, related_name="correspondances_cibles"
    )
    ancien = models.ForeignKey(
        Engagement, verbose_name="ancien engagement", on_delete=models.CASCADE, related_name="successions"
    )
    nouveau = models.ForeignKey(
        Engagement,
        verbose_name="nouvel engagement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    commentaire = models.CharField("commentaire", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "correspondance entre engagements"
        verbose_name_plural = "correspondances entre engagements"
        ordering = ["ancien__module__numero", "ancien__numero", "nouveau__module__numero", "nouveau__numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["ancien", "nouveau"],
                condition=models.Q(nouveau__isnull=False),
                name="correspondance_unique",
            ),
            models.UniqueConstraint(
                fields=["ancien", "vers"],
                condition=models.Q(nouveau__isnull=True),
                name="correspondance_retrait_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ancien.code} → {self.nouveau.code if self.nouveau_id else 'aucun successeur'}"


class MigrationReferentiel(models.Model):
    """Le passage d'un référentiel à un autre : ce qui a été repris est dans `reprises` ; l'ancien référentiel
    reste en lecture seule, avec son historique."""

    depuis = models.ForeignKey(
        Referentiel, verbose_name="référentiel d'origine", on_delete=models.PROTECT, related_name="migrations"
    )
    vers = models.ForeignKey(
        Referentiel, verbose_name="référentiel cible", on_delete=models.PROTECT, related_name="migrations_recues"
    )
    date = models.DateField("date de la migration", default=timezone.localdate)
    executee_le = models.DateTimeField("exécutée le", auto_now_add=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "migration de référentiel"
        verbose_name_plural = "migrations de référentiel"
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["depuis", "vers"], name="migration_referentiel_unique")]

    def __str__(self) -> str:
        return f"{self.depuis} → {self.vers} ({self.date:%d/%m/%Y})"


class Reprise(models.Model):
    """Une chose reprise par une migration (action, autodiagnostic, preuve, constat, périmètre), décrite telle
    qu'elle était : le rapport au COPIL la relit sans dépendre de ce qu'elle est devenue."""

    migration = models.ForeignKey(MigrationReferentiel, on_delete=models.CASCADE, related_name="reprises")
    nature = models.CharField("nature", max_length=30)
    objet_id = models.PositiveIntegerField("identifiant de l'objet", null=True, blank=True)
    libelle = models.CharField("objet", max_length=300)
    avant = models.CharField("rattachement d'origine", max_length=300, blank=True)
    apres = models.CharField("rattachement repris", max_length=300, blank=True)

    class Meta:
        verbose_name = "reprise"
        ordering = ["migration", "pk"]

    def __str__(self) -> str:
        return f"{self.libelle} : {self.avant} → {self.apres}"
