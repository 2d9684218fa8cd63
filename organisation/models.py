"""Organisation de la préfecture : identité, sites et halls d'accueil, arbre des services, effectifs, comptes."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from simple_history.models import HistoricalRecords

from qualite.nombres import validateurs


class Role(models.TextChoices):
    REFERENT = "referent", "Référent qualité"
    CORRESPONDANT = "correspondant", "Correspondant qualité"
    COPIL = "copil", "Membre du COPIL"
    AUDITEUR = "auditeur", "Auditeur"
    ADMINISTRATEUR = "administrateur", "Administrateur"


class Prefecture(models.Model):
    """L'identité de la préfecture (une seule ligne), saisie par l'administrateur au premier démarrage.

    L'en-tête, le pied de page, les PDF, les affiches, les courriels et la page publique la lisent
    (`organisation.selectors.identite`) ; rien de cela n'est écrit dans le code. Majuscules gardées telles quelles.
    """

    nom = models.CharField("nom", max_length=200, help_text="Tel qu'il s'écrit, par exemple « Préfecture du Jura ».")
    bloc_marque = models.TextField(
        "bloc-marque",
        help_text="Les lignes du bloc-marque sous « République française », une par ligne : "
        "« Préfète » puis « du Jura », ou « Préfet » puis « de la Sarthe ».",
    )
    contact_courriel = models.EmailField("courriel de contact du public", blank=True)
    contact_telephone = models.CharField("téléphone de contact du public", max_length=40, blank=True)
    contact_adresse = models.TextField("adresse postale", blank=True)
    site_internet = models.URLField("site internet", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "identité de la préfecture"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="prefecture_une_seule_ligne")]

    def __str__(self) -> str:
        return self.nom

    @property
    def lignes_bloc_marque(self) -> list[str]:
        return [ligne.strip() for ligne in self.bloc_marque.splitlines() if ligne.strip()]


class Site(models.Model):
    class Type(models.TextChoices):
        PREFECTURE = "prefecture", "Préfecture"
        SOUS_PREFECTURE = "sous_prefecture", "Sous-préfecture"
        HAUT_COMMISSARIAT = "haut_commissariat", "Haut-commissariat"

    nom = models.CharField("nom", max_length=200, unique=True)
    type = models.CharField("type de site", max_length=20, choices=Type.choices)
    adresse = models.TextField("adresse", blank=True)
    code_structure = models.CharField(
        "code de la structure",
        max_length=40,
        blank=True,
        help_text="Le code du site dans Services Publics+ (ou son SIRET) : première colonne du fichier open data.",
    )
    ordre = models.PositiveIntegerField("ordre d'affichage", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "site"
        ordering = ["ordre", "nom"]

    def __str__(self) -> str:
        return self.nom


class HallAccueil(models.Model):
    """Un hall (espace) d'accueil du public d'un site : son adresse et les démarches qu'on y accueille."""

    site = models.ForeignKey(Site, verbose_name="site", on_delete=models.CASCADE, related_name="halls")
    nom = models.CharField("nom", max_length=200, help_text="Par exemple « Hall d'accueil principal ».")
    adresse = models.TextField("adresse", blank=True)
    demarches = models.TextField("démarches accueillies", blank=True)
    horaires = models.TextField("horaires d'ouverture", blank=True)
    ordre = models.PositiveIntegerField("ordre d'affichage", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hall d'accueil"
        verbose_name_plural = "halls d'accueil"
        ordering = ["site", "ordre", "nom"]
        constraints = [models.UniqueConstraint(fields=["site", "nom"], name="hall_nom_unique_par_site")]

    def __str__(self) -> str:
        return self.nom


class ServiceQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)

    def feuilles(self):
        return self.filter(niveau=Service.Niveau.SERVICE)


class Service(models.Model):
    """Un nœud de l'organisation : entité (Préfecture, SGCD) → direction → service, bureau ou pôle."""

    class Niveau(models.TextChoices):
        ENTITE = "entite", "Entité"
        DIRECTION = "direction", "Direction"
        SERVICE = "service", "Service, bureau ou pôle"

    nom = models.CharField("nom", max_length=255)
    niveau = models.CharField("niveau", max_length=20, choices=Niveau.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="rattaché à",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enfants",
    )
    site = models.ForeignKey(Site, verbose_name="site", on_delete=models.PROTECT, related_name="services")
    ordre = models.PositiveIntegerField("ordre d'affichage", default=0)
    actif = models.BooleanField("actif", default=True)

    objects = ServiceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "service"
        ordering = ["ordre", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "nom"], name="service_nom_unique_par_parent"),
        ]

    def __str__(self) -> str:
        return self.nom


class Effectif(models.Model):
    """Nombre d'agents d'un service à une date (ex. « 181 agents en décembre 2022 »)."""

    service = models.ForeignKey(Service, verbose_name="service", on_delete=models.CASCADE, related_name="effectifs")
    date = models.DateField("date")
    agents = models.PositiveIntegerField("agents", validators=validateurs("compte"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = "effectif"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["service", "date"], name="effectif_unique_par_date"),
        ]

    def __str__(self) -> str:
        return f"{self.service} : {self.agents} agents au {self.date:%d/%m/%Y}"


class GestionnaireUtilisateurs(UserManager):
    """`createsuperuser` crée un administrateur (et non un membre du COPIL, le rôle par défaut)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATEUR)
        return super().create_superuser(username, email, password, **extra_fields)


class Utilisateur(AbstractUser):
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.COPIL)
    fonction = models.CharField("fonction", max_length=200, blank=True)
    services = models.ManyToManyField(
        Service,
        verbose_name="services suivis (correspondant qualité)",
        blank=True,
        related_name="correspondants",
    )

    objects = GestionnaireUtilisateurs()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Courriel(models.Model):
    """Journal des courriels envoyés par l'application (relances, comptes rendus, rappels).

    `cle` rend un envoi idempotent : une relance déjà programmée ne l'est pas une seconde fois.
    """

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ENVOYE = "envoye", "Envoyé"
        ECHEC = "echec", "Échec"

    cle = models.CharField("clé d'unicité", max_length=200, unique=True, null=True, blank=True)
    destinataires = models.JSONField("destinataires", default=list)
    sujet = models.CharField("objet", max_length=255)
    corps = models.TextField("message")
    categorie = models.CharField("catégorie", max_length=50, blank=True)
    cree_le = models.DateTimeField("programmé le", auto_now_add=True)
    # Vide tant que la tâche d'envoi n'a pas pu être confiée au courtier (Redis injoignable) : la relance s'en charge.
    tache_envoyee_le = models.DateTimeField("tâche envoyée le", null=True, blank=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE)
    erreur = models.TextField("erreur", blank=True)

    class Meta:
        verbose_name = "courriel"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.sujet} → {', '.join(self.destinataires)}"
