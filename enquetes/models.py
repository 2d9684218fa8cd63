"""Enquêtes auprès des usagers (satisfaction annuelle : résultats par critère, mentions littérales ;
enquêtes mystère) et registre de l'écoute des usagers (réclamations, suggestions, expériences JDMA)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from indicateurs.models import Indicateur
from organisation.models import Service
from qualite.nombres import validateurs

CENT = Decimal(100)

# Un compte de personnes ou de réponses : borné (qualite.nombres.COMPTE).
COMPTE = validateurs("compte")


class EnqueteSatisfactionQuerySet(models.QuerySet):
    def avec_resultats(self):
        return self.prefetch_related("resultats", "mentions")


class EnqueteSatisfaction(models.Model):
    """L'enquête de satisfaction d'une année ; un champ inconnu reste vide (jamais inventé)."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    periode = models.CharField("période de l'enquête", max_length=120, blank=True)
    mode_collecte = models.CharField("mode de collecte", max_length=200, blank=True)
    echantillon = models.PositiveIntegerField(
        "échantillon (personnes sollicitées)", validators=COMPTE, null=True, blank=True
    )
    reponses = models.PositiveIntegerField("réponses reçues", validators=COMPTE, null=True, blank=True)
    nombre_questions = models.PositiveSmallIntegerField("nombre de questions", validators=COMPTE, null=True, blank=True)
    themes = models.TextField("thèmes abordés", blank=True, help_text="Un thème par ligne ou séparés par « ; ».")
    mesure = models.CharField(
        "définition du taux de satisfaction",
        max_length=200,
        blank=True,
        default="taux de satisfaction = très satisfait + satisfait",
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = EnqueteSatisfactionQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête de satisfaction"
        verbose_name_plural = "enquêtes de satisfaction"
        ordering = ["-annee"]

    def __str__(self) -> str:
        return f"Enquête de satisfaction {self.annee}"

    @property
    def taux_reponse(self) -> Decimal | None:
        """Réponses / échantillon × 100, au centième (86 / 332 → 25,90)."""
        if not self.echantillon or self.reponses is None:
            return None
        return (Decimal(self.reponses) / self.echantillon * CENT).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def liste_themes(self) -> list[str]:
        separes = self.themes.replace("\n", ";").split(";")
        return [theme.strip() for theme in separes if theme.strip()]


class ResultatCritere(models.Model):
    """La part « très satisfait + satisfait » d'un critère, et la répartition des réponses quand elle est connue."""

    enquete = models.ForeignKey(EnqueteSatisfaction, on_delete=models.CASCADE, related_name="resultats")
    theme = models.CharField("thème", max_length=120)
    critere = models.CharField("critère", max_length=200)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    taux = models.DecimalField(
        "taux de satisfaction (%)", max_digits=5, decimal_places=2, help_text="très satisfait + satisfait"
    )
    pas_satisfaisant = models.PositiveIntegerField("pas satisfaisant", validators=COMPTE, null=True, blank=True)
    peu_satisfaisant = models.PositiveIntegerField("peu satisfaisant", validators=COMPTE, null=True, blank=True)
    satisfaisant = models.PositiveIntegerField("satisfaisant", validators=COMPTE, null=True, blank=True)
    tres_satisfaisant = models.PositiveIntegerField("très satisfaisant", validators=COMPTE, null=True, blank=True)

    class Meta:
        verbose_name = "résultat par critère"
        verbose_name_plural = "résultats par critère"
        ordering = ["enquete", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enquete", "theme", "critere"], name="resultat_critere_unique"),
            models.CheckConstraint(condition=models.Q(taux__gte=0, taux__lte=100), name="resultat_taux_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} / {self.critere} : {self.taux} %"

    @property
    def repartition(self) -> list[tuple[str, int]] | None:
        """(libellé, nombre) des quatre réponses, si elles sont toutes connues."""
        valeurs = [self.pas_satisfaisant, self.peu_satisfaisant, self.satisfaisant, self.tres_satisfaisant]
        if any(valeur is None for valeur in valeurs):
            return None
        libelles = ["Pas satisfaisant", "Peu satisfaisant", "Satisfaisant", "Très satisfaisant"]
        return list(zip(libelles, valeurs, strict=True))


class MentionLitterale(models.Model):
    """Une tendance relevée dans les commentaires libres, avec son nombre de mentions."""

    enquete = models.ForeignKey(EnqueteSatisfaction, on_delete=models.CASCADE, related_name="mentions")
    categorie = models.CharField("tendance", max_length=255)
    nombre = models.PositiveIntegerField("nombre de mentions", validators=COMPTE)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "mention littérale"
        verbose_name_plural = "mentions littérales"
        ordering = ["enquete", "ordre", "pk"]
        constraints = [models.UniqueConstraint(fields=["enquete", "categorie"], name="mention_unique")]

    def __str__(self) -> str:
        return f"{self.categorie} : {self.nombre}"


class Canal(models.TextChoices):
    TELEPHONE = "telephone", "Téléphone"
    ACCUEIL_PHYSIQUE = "accueil_physique", "Accueil physique"
    COURRIEL = "courriel", "Courriel"


class EnqueteMystere(models.Model):
    """Une campagne de tests mystères ; la part de résultats positifs alimente l'indicateur lié."""

    annee = models.PositiveSmallIntegerField("année")
    intitule = models.CharField("intitulé", max_length=200)
    periode = models.CharField("période", max_length=120, blank=True)
    canal = models.CharField("canal testé", max_length=20, choices=Canal.choices)
    partenaires = models.CharField("partenaires", max_length=255, blank=True)
    nombre_tests = models.PositiveIntegerField("nombre de tests", validators=COMPTE, null=True, blank=True)
    tests_positifs = models.PositiveIntegerField("tests au résultat positif", validators=COMPTE, null=True, blank=True)
    taux_positifs = models.DecimalField(
        "part de résultats positifs (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Calculée depuis les tests quand leur nombre est connu ; sinon, la part publiée.",
    )
    indicateur = models.ForeignKey(
        Indicateur,
        verbose_name="indicateur alimenté",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquetes_mysteres",
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "enquête mystère"
        verbose_name_plural = "enquêtes mystères"
        ordering = ["-annee", "intitule"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(taux_positifs__isnull=True) | models.Q(taux_positifs__gte=0, taux_positifs__lte=100),
                name="mystere_taux_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.intitule} ({self.annee})"


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
