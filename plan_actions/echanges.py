"""Le plan d'actions échangé en tableau (xlsx, ods, csv) : la ressource `ActionEchange` (django-import-export).

Mêmes colonnes dans les deux sens ; l'export se réimporte sans perte (0 créée, 0 modifiée). Les modules et
engagements sont résolus dans le référentiel nommé par les colonnes « Référentiel » et « Version ». Les actions
nouvelles sont enregistrées par lots (`actions_creer_en_masse`), les existantes sous verrou optimiste
(`action_mettre_a_jour`) : l'historique garde l'auteur de l'import.
"""

import functools
import re
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from engagements.models import Engagement, Module
from engagements.nommage import AvecReferentielNomme, EngagementsWidget, ModulesWidget, referentiels_de
from organisation.models import Service, Utilisateur
from qualite.echanges import (
    ChampRelations,
    ChoixWidget,
    CorrespondanceWidget,
    DateWidget,
    Echange,
    PourcentageWidget,
    TexteWidget,
    relation,
    relations_lues,
)
from qualite.relations import RelationsParLots
from qualite.tableur import correspondance, nettoyer, normaliser

from .models import Action, Commentaire, Origine, Statut
from .services import (
    CHAMPS_M2M,
    NouvelleAction,
    action_commenter,
    action_mettre_a_jour,
    actions_creer_en_masse,
    prochaine_reference,
)

SEPARATEUR = " — "
MOTS_ORIGINE = [
    ("audit", Origine.CONSTAT_AUDIT),
    ("retex", Origine.RETEX),
    ("exercice", Origine.RETEX),
    ("enquete", Origine.ENQUETE),
    ("satisfaction", Origine.ENQUETE),
    ("reclamation", Origine.RECLAMATION),
    ("jdma", Origine.RECLAMATION),
    ("comite local", Origine.CLU),
    ("clu", Origine.CLU),
    ("copil", Origine.COPIL),
    ("indicateur", Origine.INDICATEUR),
]
# Les champs du modèle que le fichier écrit (hors relations multiples).
CHAMPS_ECHANGES = (
    "intitule",
    "description",
    "origine",
    "origine_libelle",
    "service_pilote",
    "responsable_nom",
    "echeance",
    "statut",
    "avancement",
    "date_realisation",
)


@functools.lru_cache(maxsize=1024)
def lire_origine(texte: str) -> tuple[str, str]:
    """« Constat d'audit — observation n°12 » → (constat_audit, « observation n°12 »)."""
    if not texte:
        return Origine.INTERNE, ""
    tete, _, reste = texte.partition(SEPARATEUR.strip())
    for candidat, libelle in ((texte, ""), (tete.strip(), reste.strip())):
        try:
            return correspondance(candidat, dict(Origine.choices)), libelle
        except ValueError:
            continue
    normalise = normaliser(texte)
    for mot, origine in MOTS_ORIGINE:
        if re.search(rf"\b{mot}\b", normalise):
            return origine, texte
    return Origine.INTERNE, texte


def nom_utilisateur(utilisateur: Utilisateur) -> str:
    return utilisateur.get_full_name() or utilisateur.username


class ChampOrigine(fields.Field):
    """« Origine » : le choix et sa précision (`origine_libelle`) dans une seule colonne."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance.origine, instance.origine_libelle = lire_origine(nettoyer(row[self.column_name]))

    def get_value(self, instance):
        origine = instance.get_origine_display()
        return f"{origine}{SEPARATEUR}{instance.origine_libelle}" if instance.origine_libelle else origine


class ChampResponsables(fields.Field):
    """« Responsable » : des comptes (nom complet ou identifiant) et, pour les autres noms, `responsable_nom`."""

    def __init__(self, *args, utilisateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.utilisateurs = utilisateurs

    def save(self, instance, row, is_m2m=False, **kwargs):
        trouves, inconnus = [], []
        table = self.utilisateurs.table()
        for nom in [n.strip() for n in nettoyer(row[self.column_name]).split(";") if n.strip()]:
            utilisateur = table.get(nom.lower()) or table.get(normaliser(nom))
            if utilisateur:
                trouves.append(utilisateur)
            else:
                inconnus.append(nom)
        if not hasattr(instance, "_relations"):
            instance._relations = {}
        instance._relations["responsables"] = trouves
        instance.responsable_nom = "; ".join(inconnus)

    def get_value(self, instance):
        comptes = relations_lues(instance, "responsables")
        if comptes is None:
            comptes = relation(instance, "responsables") if instance.pk else []
        noms = sorted(nom_utilisateur(u) for u in dict.fromkeys(comptes))
        if instance.responsable_nom:
            noms.append(instance.responsable_nom)
        return "; ".join(noms)


def _services() -> dict[str, Service]:
    table: dict[str, Service] = {}
    for service in Service.objects.order_by("-actif", "pk"):
        table.setdefault(normaliser(service.nom), service)
    return table


def _utilisateurs() -> dict[str, Utilisateur]:
    table: dict[str, Utilisateur] = {}
    for utilisateur in Utilisateur.objects.filter(is_active=True):
        table.setdefault(utilisateur.username.lower(), utilisateur)
        if utilisateur.get_full_name():
            table.setdefault(normaliser(utilisateur.get_full_name()), utilisateur)
    return table


# Les objets liés d'une action, tels que l'échange les lit (et dans l'ordre de leur modèle).
def _cibles() -> dict[str, QuerySet]:
    return {
        "modules": Module.objects.select_related("referentiel"),
        "engagements": Engagement.objects.select_related("module", "referentiel"),
        "responsables": Utilisateur.objects.all(),
    }


def precharger(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Ce que l'échange lit d'une action, en un nombre de requêtes fixe (relations en listes `*_lus`)."""
    actions = avec_dernier_commentaire(actions).select_related("service_pilote")
    return actions.prefetch_related(
        *(Prefetch(champ, queryset=cibles, to_attr=f"{champ}_lus") for champ, cibles in _cibles().items())
    )


def avec_dernier_commentaire(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Annote `dernier_commentaire` : le texte le plus récent du journal (ou None)."""
    dernier = Commentaire.objects.filter(action=OuterRef("pk")).order_by("-date", "-pk").values("texte")[:1]
    return actions.annotate(dernier_commentaire=Subquery(dernier))


class ActionEchange(AvecReferentielNomme, Echange):
    feuille = "Plan d'actions"
    obligatoires = {"Intitulé"}
    variantes = {
        "N°": ["Numéro", "Référence", "Réf"],
        "Intitulé": ["Action", "Libellé"],
        "Service pilote": ["Service"],
        "Responsable": ["Responsables", "Pilote"],
        "Avancement": ["Avancement (%)"],
        "Module": ["Modules"],
        "Engagement": ["Engagements"],
        "Référentiel": ["Référentiel (code)"],
    }
    contexte = {"Référentiel", "Version"}
    informatives = {"Libellé des engagements"}
    colonnes_apercu = ["N°", "Intitulé", "Statut", "Avancement"]
    pourcentages = {"Avancement"}
    largeurs = {"Libellé des engagements": 50, "Intitulé": 50, "Description": 40, "Commentaire": 40, "Origine": 30}
    aide = {
        "N°": "identifiant de l'action ; vide : un N° est attribué (année-numéro) ; connu : l'action est mise à jour",
        "Intitulé": "obligatoire",
        "Origine": "« Constat d'audit », « Retour d'expérience »… suivi de « — précision » si besoin",
        "Référentiel": "code du référentiel où chercher les modules et engagements (qual-e-pref…)",
        "Version": "version de ce référentiel",
        "Module": "numéros des modules, séparés par des virgules (« 1, 7 » ou « Module 1 »)",
        "Engagement": "codes des engagements (« 1.17 » : module.numéro)",
        "Libellé des engagements": "libellé de chaque engagement, pour le lecteur (non relu)",
        "Service pilote": "nom exact d'un service de l'organisation",
        "Responsable": "noms complets ou identifiants des comptes, séparés par « ; » (un autre nom est gardé tel quel)",
        "Échéance": "date (jj/mm/aaaa)",
        "Statut": "À lancer, En cours, Réalisée, Reportée, Abandonnée",
        "Avancement": "pourcentage de 0 à 100 %",
        "Date de réalisation": "date (jj/mm/aaaa)",
        "Commentaire": "dernier commentaire du journal ; un texte différent s'ajoute au journal",
    }

    reference = fields.Field("reference", "N°", widget=TexteWidget())
    intitule = fields.Field("intitule", "Intitulé", widget=TexteWidget(multiligne=True))
    description = fields.Field("description", "Description", widget=TexteWidget(multiligne=True))
    origine = ChampOrigine("origine", "Origine", widget=TexteWidget())
    referentiel = fields.Field(column_name="Référentiel", readonly=True, widget=TexteWidget())
    version_referentiel = fields.Field(column_name="Version", readonly=True, widget=TexteWidget())
    modules = ChampRelations("modules", "Module")
    engagements = ChampRelations("engagements", "Engagement")
    libelles_engagements = fields.Field(column_name="Libellé des engagements", readonly=True, widget=TexteWidget())
    service_pilote = fields.Field(
        "service_pilote",
        "Service pilote",
        widget=CorrespondanceWidget(
            charger=_services,
            rendu=lambda service: service.nom,
            cle=normaliser,
            message="service « {texte} » inconnu (nom exact d'un service de l'organisation)",
        ),
    )
    responsables = ChampResponsables(
        "responsables",
        "Responsable",
        widget=TexteWidget(),
        utilisateurs=CorrespondanceWidget(charger=_utilisateurs, rendu=nom_utilisateur),
    )
    echeance = fields.Field("echeance", "Échéance", widget=DateWidget())
    statut = fields.Field("statut", "Statut", widget=ChoixWidget(Statut.choices, defaut=Statut.A_LANCER))
    avancement = fields.Field("avancement", "Avancement", widget=PourcentageWidget())
    date_realisation = fields.Field("date_realisation", "Date de réalisation", widget=DateWidget())
    commentaire = fields.Field("dernier_commentaire", "Commentaire", widget=TexteWidget(multiligne=True))

    class Meta(Echange.Meta):
        model = Action
        fields = (
            "reference",
            "intitule",
            "description",
            "origine",
            "referentiel",
            "version_referentiel",
            "modules",
            "engagements",
            "libelles_engagements",
            "service_pilote",
            "responsables",
            "echeance",
            "statut",
            "avancement",
            "date_realisation",
            "commentaire",
        )
        import_id_fields = ("reference",)
        instance_loader_class = CachedInstanceLoader
        chunk_size = 2000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["modules"].widget = ModulesWidget(self)
        self.fields["engagements"].widget = EngagementsWidget(self)
        self.nouvelles: list[NouvelleAction] = []
        self._libres = None
        self._references_du_fichier: set[str] = set()

    # Export.

    def get_queryset(self):
        return precharger(Action.objects.all())

    def filter_export(self, queryset, **kwargs):
        return avec_dernier_commentaire(queryset).select_related("service_pilote")

    def iter_queryset(self, queryset):
        """Les actions par lots de `chunk_size`, relations posées par `RelationsParLots` (requêtes fixes par lot)."""
        return RelationsParLots(Action, _cibles()).parcourir(queryset, taille=self.get_chunk_size())

    def dehydrate_libelles_engagements(self, action: Action) -> str:
        """« 1.17 – Nous répondons… » : le libellé à côté du code, une ligne par engagement."""
        return "\n".join(str(engagement) for engagement in relation(action, "engagements"))

    def referentiels_exportes(self, action: Action) -> list:
        return referentiels_de([*relation(action, "modules"), *relation(action, "engagements")])

    # Import.

    def before_import(self, dataset, **kwargs):
        if "N°" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="N°")
        self._references_du_fichier = {nettoyer(v) for v in dataset["N°"] if nettoyer(v)}

    def before_import_row(self, row, **kwargs):
        if not nettoyer(row.get("N°")):
            row["N°"] = next(self._references_libres())

    def _references_libres(self):
        if self._libres is None:
            self._libres = _references_libres(timezone.localdate().year, self._references_du_fichier)
        return self._libres

    def import_instance(self, instance, row, **kwargs):
        instance._avant_champs = {champ: getattr(instance, champ) for champ in CHAMPS_ECHANGES} if instance.pk else {}
        super().import_instance(instance, row, **kwargs)
        if instance.avancement is None:
            instance.avancement = 100 if instance.statut == Statut.REALISEE else 0
        if instance.pk is None:
            instance.dernier_commentaire = getattr(instance, "dernier_commentaire", "") or ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Comme `action_preparer(controles_en_base=False)` : le N° et le service sont déjà lus du fichier et
        # de la base, sans une requête par ligne.
        from django.core.exceptions import ValidationError

        erreurs = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*CHAMPS_M2M, "service_pilote", *erreurs],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as erreur:
            erreurs = erreur.update_error_dict(erreurs)
        if erreurs:
            raise ValidationError(erreurs)

    def save_instance(self, instance, is_create, row, **kwargs):
        relations = getattr(instance, "_relations", {})
        if is_create:
            self.nouvelles.append(
                NouvelleAction(
                    instance,
                    relations.get("modules", []),
                    relations.get("engagements", []),
                    relations.get("responsables", []),
                    instance.dernier_commentaire or "",
                )
            )
            return
        avant = instance._avant_champs
        modifications: dict[str, Any] = {
            champ: getattr(instance, champ) for champ in CHAMPS_ECHANGES if getattr(instance, champ) != avant[champ]
        }
        for champ in CHAMPS_M2M:
            actuels = {objet.pk for objet in relation(instance, champ)}
            if champ in relations and {objet.pk for objet in relations[champ]} != actuels:
                modifications[champ] = relations[champ]
        if modifications:
            for champ, valeur in avant.items():
                setattr(instance, champ, valeur)
            action_mettre_a_jour(
                action=instance, version_lue=instance.version, modifications=modifications, auteur=self.utilisateur
            )
        commentaire = nettoyer(getattr(instance, "dernier_commentaire", "") or "", multiligne=True)
        if commentaire and commentaire != (self._commentaire_avant(instance) or ""):
            action_commenter(action=instance, auteur=self.utilisateur, texte=commentaire)

    def _commentaire_avant(self, instance) -> str:
        return self._avant.get("Commentaire") or ""

    def save_m2m(self, instance, row, **kwargs):
        """Les relations sont enregistrées par `save_instance` (services), pas par django-import-export."""

    def after_import(self, dataset, result, **kwargs):
        if self.nouvelles:
            actions_creer_en_masse(nouvelles=self.nouvelles, auteur=self.utilisateur)
            self.nouvelles = []

    def colonnes_des_attributs(self) -> dict[str, str]:
        return {"origine_libelle": "Origine", "responsable_nom": "Responsable", "dernier_commentaire": "Commentaire"}


def _references_libres(annee: int, prises: set[str]):
    """Les N° « 2026-001 », « 2026-002 »… qui suivent le dernier de l'année, hors ceux du fichier."""
    numero = int(prochaine_reference(annee=annee).split("-")[1])
    while True:
        reference = f"{annee}-{numero:03d}"
        numero += 1
        if reference not in prises:
            yield reference


importer_actions = ActionEchange.importeur()
ENTETES = [c for c in ActionEchange().get_export_headers() if c not in ActionEchange.informatives]


def exporter(actions: QuerySet[Action], format: str) -> bytes:
    return ActionEchange().exporter(format, actions)
