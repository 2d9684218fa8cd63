"""Référentiels (Qual-e-Pref, Quali-ATE, Services Publics+), modules, engagements, cycles et périmètres."""

from django.db import models
from simple_history.models import HistoricalRecords

from qualite.models import Site


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
    numero = models.PositiveIntegerField("numéro")
    titre = models.CharField("titre", max_length=255, blank=True)
    type = models.CharField("type", max_length=20, choices=Type.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "module"
        ordering = ["referentiel", "numero"]
        constraints = [models.UniqueConstraint(fields=["referentiel", "numero"], name="module_numero_unique")]

    def __str__(self) -> str:
        return f"Module {self.numero}" + (f" – {self.titre}" if self.titre else "")


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
    numero = models.PositiveIntegerField("numéro")
    libelle = models.TextField("libellé")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "engagement"
        ordering = ["referentiel", "module__numero", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "module", "numero"], name="engagement_numero_unique"),
        ]

    def __str__(self) -> str:
        prefixe = f"{self.module.numero}.{self.numero}" if self.module_id else f"{self.numero}"
        return f"{prefixe} – {self.libelle}"


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
