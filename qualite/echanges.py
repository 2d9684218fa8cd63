"""La couche d'échange des tableaux (import et export), sur django-import-export.

Une table échangée = une `Echange` (une `ModelResource` de django-import-export) dont chaque champ est une
colonne du fichier, dans les deux sens :

- export : `exporter(format)` → le jeu de données de la ressource, mis en forme par `qualite.export`
  (xlsx et ods pour des personnes, csv UTF-8 ou Windows-1252 à « ; ») ;
- import : le fichier est lu par `qualite.tableur` (en-tête cherché sous des lignes de titre, libellés
  comparés sans casse, accents ni pluriel : le crochet `lire`), puis `import_data` de django-import-export
  valide chaque ligne (widgets, `full_clean` du modèle) et enregistre ; `importeur` en fait un importeur de
  `qualite.imports` (transaction, `--dry-run`, aperçu et confirmation dans le navigateur).

Sans perte : chaque ligne est comparée, colonne par colonne, à ce que l'export en écrirait ; une ligne
identique n'est pas réenregistrée (« inchangée »), une ligne modifiée l'est et l'aperçu dit quoi :
« ligne 12 : Statut En cours → Réalisée ».
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from .cellules import restaurer
from .export import Colonne, Feuille, ecrire, texte_cellule, texte_pourcentage
from .imports import RapportImport
from .tableur import correspondance, lire_date, lire_decimal, lire_entier, lire_tableau, nettoyer, normaliser

TAILLE_APERCU = 200
TAILLE_APERCU_LIGNES = 50


# Widgets : une cellule lue (texte, nombre ou date selon le format) → une valeur du modèle, et l'inverse.


class TexteWidget(widgets.Widget):
    """Un texte nettoyé (espaces insécables, retours à la ligne sauf `multiligne`)."""

    def __init__(self, *, multiligne: bool = False):
        super().__init__(coerce_to_string=False)
        self.multiligne = multiligne

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return nettoyer(restaurer(value), multiligne=self.multiligne)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """Une date : cellule date du classeur, jj/mm/aaaa ou aaaa-mm-jj ; vide → None."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        return lire_date(value)

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        return value


class EntierWidget(widgets.Widget):
    def __init__(self, *, defaut: int | None = None):
        super().__init__(coerce_to_string=False)
        self.defaut = defaut

    def clean(self, value, row=None, **kwargs):
        nombre = lire_entier(value)
        return self.defaut if nombre is None else nombre

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalWidget(widgets.Widget):
    """Un nombre décimal : « 12,5 », 12.5 ; le rendu est normalisé (12,50 et 12,5 se valent)."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        nombre = lire_decimal(value)
        return None if nombre is None else nombre

    def render(self, value, obj=None, **kwargs):
        return None if value is None else Decimal(value).normalize()


class PourcentageWidget(widgets.Widget):
    """Un pourcentage entier (0 à 100) écrit comme un taux : 0,5 au format « 50 % » dans un classeur.

    Relu : un nombre de cellule ≤ 1 est un taux (0,5 → 50) ; « 50 % » ou « 50 » → 50.
    """

    def __init__(self, *, defaut: int = 0):
        super().__init__(coerce_to_string=False)
        self.defaut = defaut

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            nombre = Decimal(str(value)) * 100
        else:
            nombre = lire_decimal(value)
        if nombre is None:
            return None
        if nombre != nombre.to_integral_value():
            raise ValueError(f"pourcentage entier attendu, « {nettoyer(value)} » reçu")
        if not 0 <= nombre <= 100:
            raise ValueError(f"{int(nombre)} n'est pas entre 0 et 100")
        return int(nombre)

    def render(self, value, obj=None, **kwargs):
        return None if value is None else Decimal(value) / 100


class ChoixWidget(widgets.Widget):
    """Un choix lu par son libellé (« Réalisée », « realise », « REALISEE ») et écrit par son libellé."""

    def __init__(self, choix: Iterable[tuple[str, str]], *, defaut: str = ""):
        super().__init__(coerce_to_string=False)
        self.choix = dict(choix)
        self.defaut = defaut
        self._lus: dict[str, str] = {}

    def clean(self, value, row=None, **kwargs):
        texte = nettoyer(value)
        if texte == "":
            return self.defaut
        if texte not in self._lus:
            try:
                self._lus[texte] = correspondance(texte, self.choix)
            except ValueError:
                # Le libellé court suffit : « Taux » pour « Taux (numérateur / dénominateur × 100) ».
                courts = {cle: libelle.split(" (")[0] for cle, libelle in self.choix.items()}
                if normaliser(texte) not in {normaliser(libelle) for libelle in courts.values()}:
                    raise
                self._lus[texte] = correspondance(texte, courts)
        return self._lus[texte]

    def render(self, value, obj=None, **kwargs):
        return self.choix.get(value, value or "")


class OuiNonWidget(widgets.Widget):
    OUI: ClassVar[set[str]] = {"oui", "o", "1", "vrai", "x", "true", "yes"}
    NON: ClassVar[set[str]] = {"", "non", "n", "0", "faux", "false", "no"}

    def __init__(self, *, oui: str = "oui", non: str = "non"):
        super().__init__(coerce_to_string=False)
        self.oui, self.non = oui, non

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        texte = nettoyer(value).lower()
        if texte in self.OUI or texte == self.oui.lower():
            return True
        if texte in self.NON or texte == self.non.lower():
            return False
        raise ValueError(f"« {nettoyer(value)} » non reconnu ({self.oui} ou {self.non})")

    def render(self, value, obj=None, **kwargs):
        return self.oui if value else self.non


class CorrespondanceWidget(widgets.Widget):
    """Une clé étrangère retrouvée par un texte (nom, code) dans une table chargée une fois par import."""

    def __init__(self, *, charger: Callable[[], dict[str, Any]], rendu: Callable[[Any], str], cle=None, message=""):
        super().__init__(coerce_to_string=False)
        self.charger = charger
        self.rendu = rendu
        self.cle = cle or (lambda texte: texte)
        self.message = message
        self._table: dict[str, Any] | None = None

    def table(self) -> dict[str, Any]:
        if self._table is None:
            self._table = self.charger()
        return self._table

    def clean(self, value, row=None, **kwargs):
        texte = nettoyer(value)
        if not texte:
            return None
        trouve = self.table().get(self.cle(texte))
        if trouve is None:
            raise ValueError(self.message.format(texte=texte) or f"« {texte} » inconnu")
        return trouve

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.rendu(value)


# Champs particuliers.


class ChampRelations(fields.Field):
    """Une relation multiple (modules, engagements, responsables) dans une colonne.

    À l'import, la valeur lue est gardée sur l'instance (`_relations`) : la ressource l'enregistre elle-même
    (par un service), après la ligne ; à l'export comme à la comparaison, c'est la relation, ou la valeur lue.
    La relation est lue dans `<attribut>_lus` quand la requête l'a préchargée là (`Prefetch(to_attr=…)` : sans
    gestionnaire de relation par ligne, coûteux sur des milliers de lignes).
    """

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not hasattr(instance, "_relations"):
            instance._relations = {}
        instance._relations[self.attribute] = list(self.clean(row, **kwargs))

    def get_value(self, instance):
        relations = getattr(instance, "_relations", {})
        if self.attribute in relations:
            return relations[self.attribute]
        if instance.pk is None:
            return []
        return relation(instance, self.attribute)


def relation(instance, attribut: str) -> list:
    """Les objets liés, préchargés dans `<attribut>_lus` s'il existe."""
    precharges = getattr(instance, f"{attribut}_lus", None)
    return list(precharges) if precharges is not None else list(getattr(instance, attribut).all())


def relations_lues(instance, attribut: str) -> list | None:
    """Les objets lus pour une relation multiple (None si la colonne manquait)."""
    return getattr(instance, "_relations", {}).get(attribut)


# La ressource de base.


@dataclass
class Changement:
    numero: int
    colonne: str
    avant: Any
    apres: Any

    pourcentage: bool = False

    def texte(self, valeur: Any) -> str:
        return (texte_pourcentage(valeur) if self.pourcentage else texte_cellule(valeur)) or "(vide)"

    def __str__(self) -> str:
        return f"ligne {self.numero} : {self.colonne} {self.texte(self.avant)} → {self.texte(self.apres)}"


class Echange(resources.ModelResource):
    """Base des ressources échangées : lecture tolérante, comparaison sans perte, rapport en français."""

    feuille: ClassVar[str] = "Données"
    # Libellés acceptés en plus de l'en-tête exporté, par colonne.
    variantes: ClassVar[dict[str, list[str]]] = {}
    # Colonnes sans lesquelles le fichier n'est pas lu.
    obligatoires: ClassVar[set[str]] = set()
    # Ce que dit la feuille « Lisez-moi » de chaque colonne (les colonnes absentes ne sont pas relues).
    aide: ClassVar[dict[str, str]] = {}
    # Colonnes seulement exportées (libellés, valeurs calculées) : l'import les ignore.
    informatives: ClassVar[set[str]] = set()
    # Colonnes relues sans être un champ (« Référentiel », « Version » : où chercher les modules).
    contexte: ClassVar[set[str]] = set()
    pourcentages: ClassVar[set[str]] = set()
    largeurs: ClassVar[dict[str, int]] = {}
    # Colonnes montrées dans l'aperçu des lignes lues.
    colonnes_apercu: ClassVar[list[str]] = []

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, utilisateur=None, **options):
        super().__init__()
        self.utilisateur = utilisateur
        self.options = options
        self.numeros: list[int] = []
        self.changements: list[Changement] = []
        self._avant: dict[str, Any] = {}
        self._changements_ligne: list[Changement] = []
        self.nouveaux = 0

    # Colonnes (calculées une fois : django-import-export les redemande à chaque ligne).

    def get_import_fields(self):
        if getattr(self, "_champs_import", None) is None:
            self._champs_import = super().get_import_fields()
        return self._champs_import

    def champs_importes(self) -> list[fields.Field]:
        if getattr(self, "_champs_importes", None) is None:
            self._champs_importes = [
                champ
                for champ in self.get_import_fields()
                if champ.attribute and not champ.readonly and champ.column_name not in self.informatives
            ]
        return self._champs_importes

    def colonnes_acceptees(self) -> dict[str, list[str]]:
        colonnes = {}
        for champ in self.get_export_fields():
            nom = champ.column_name
            colonnes[nom] = [nom, *self.variantes.get(nom, [])]
        return colonnes

    # Lecture (le crochet tolérant de `qualite.tableur`).

    def lire(self, fichier, nom: str) -> tablib.Dataset:
        """Le fichier en jeu de données aux en-têtes exportés ; garde le numéro de chaque ligne."""
        multilignes = {
            champ.column_name
            for champ in self.get_import_fields()
            if isinstance(champ.widget, TexteWidget) and champ.widget.multiligne
        }
        tableau = lire_tableau(fichier, colonnes=self.colonnes_acceptees(), obligatoires=self.obligatoires, nom=nom)
        jeu = tablib.Dataset(headers=tableau.colonnes)
        self.numeros = []
        for ligne in tableau.lignes:
            if ligne.est_vide:
                continue
            jeu.append(
                [restaurer(ligne.brutes.get(c)) if c in multilignes else ligne.valeurs.get(c) for c in tableau.colonnes]
            )
            self.numeros.append(ligne.numero)
        return jeu

    def numero(self, rang: int) -> int:
        return self.numeros[rang - 1] if 0 < rang <= len(self.numeros) else rang

    # Comparaison : ce que l'export écrirait, avant et après la ligne.

    def representation(self, instance, champs: list[fields.Field]) -> dict[str, Any]:
        return {champ.column_name: champ.export(instance) for champ in champs}

    def import_instance(self, instance, row, **kwargs):
        champs = [champ for champ in self.champs_importes() if champ.column_name in row]
        self._avant = self.representation(instance, champs) if instance.pk else {}
        super().import_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self._changements_ligne = []
        if import_validation_errors or instance.pk is None:
            return False
        champs = [champ for champ in self.champs_importes() if champ.column_name in row]
        apres = self.representation(instance, champs)
        self._changements_ligne = [
            Changement(0, colonne, self._avant.get(colonne), valeur, pourcentage=colonne in self.pourcentages)
            for colonne, valeur in apres.items()
            if not meme_valeur(self._avant.get(colonne), valeur)
        ]
        return not self._changements_ligne

    def after_import_row(self, row, row_result, **kwargs):
        numero = self.numero(kwargs.get("row_number", 0))
        for changement in self._changements_ligne:
            changement.numero = numero
            self.changements.append(changement)
        self._changements_ligne = []

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)

    # Export.

    def feuilles(self, queryset=None) -> list[Feuille]:
        jeu = self.export(queryset)
        colonnes = [
            Colonne(
                titre=champ.column_name,
                pourcentage=champ.column_name in self.pourcentages,
                largeur=self.largeurs.get(champ.column_name),
                aide=self.aide.get(champ.column_name, ""),
                relue=champ.column_name in self.contexte
                or (champ.column_name not in self.informatives and bool(champ.attribute) and not champ.readonly),
            )
            for champ in self.get_export_fields()
        ]
        return [Feuille(titre=self.feuille, colonnes=colonnes, lignes=list(jeu))]

    def exporter(self, format: str, queryset=None) -> bytes:
        return ecrire(self.feuilles(queryset), format=format)

    # Import : l'importeur de `qualite.imports` (transaction et simulation de `executer_import`).

    @classmethod
    def importeur(cls) -> Callable[..., RapportImport]:
        def importer(*, rapport: RapportImport, fichier, nom: str, utilisateur=None, **options) -> RapportImport:
            ressource = cls(utilisateur=utilisateur, **options)
            return ressource.importer(rapport=rapport, fichier=fichier, nom=nom)

        importer.__name__ = f"importer_{cls.__name__}"
        return importer

    def importer(self, *, rapport: RapportImport, fichier, nom: str) -> RapportImport:
        jeu = self.lire(fichier, nom)
        self.verifier_jeu(jeu, rapport)
        if rapport.erreurs:
            return rapport
        # La transaction est celle de `executer_import` (annulée en simulation ou au premier rejet) : pas de
        # point de sauvegarde par ligne.
        resultat = self.import_data(jeu, dry_run=False, use_transactions=False, raise_errors=False)
        for ligne in resultat.invalid_rows:
            numero = self.numero(ligne.number)
            for champ, messages in ligne.error_dict.items():
                colonne = self.colonne_du_champ(champ)
                for message in messages:
                    rapport.erreur(numero, f"colonne « {colonne} » : {message}" if colonne else str(message))
        for rang, erreurs in resultat.row_errors():
            for erreur in erreurs:
                rapport.erreur(self.numero(rang), message_erreur(erreur.error))
        for erreur in resultat.base_errors:
            rapport.erreurs.append(message_erreur(erreur.error))
        totaux = resultat.totals
        rapport.crees += totaux.get("new", 0)
        rapport.mis_a_jour += totaux.get("update", 0)
        rapport.inchanges += totaux.get("skip", 0)
        rapport.apercu = [
            {"Ligne": self.numero(rang), **{c: texte_cellule(ligne.get(c)) for c in self.colonnes_apercu if c in ligne}}
            for rang, ligne in enumerate(jeu.dict[:TAILLE_APERCU_LIGNES], start=1)
        ]
        rapport.changements = [str(c) for c in self.changements[:TAILLE_APERCU]]
        rapport.changements_en_plus = max(0, len(self.changements) - TAILLE_APERCU)
        return rapport

    def verifier_jeu(self, jeu: tablib.Dataset, rapport: RapportImport) -> None:
        """Contrôles sur tout le fichier avant les lignes (doublons d'un identifiant d'une seule colonne…)."""
        if len(self.get_import_id_fields()) != 1:
            return
        for nom_champ in self.get_import_id_fields():
            champ = self.fields[nom_champ]
            if champ.column_name not in jeu.headers:
                continue
            vues: dict[Any, int] = {}
            for rang, valeur in enumerate(jeu[champ.column_name], start=1):
                cle = nettoyer(valeur)
                if not cle:
                    continue
                if cle in vues:
                    rapport.erreur(
                        self.numero(rang), f"colonne « {champ.column_name} » : {cle} figure déjà ligne {vues[cle]}"
                    )
                else:
                    vues[cle] = self.numero(rang)

    def colonne_du_champ(self, attribut: str) -> str:
        for champ in self.get_import_fields():
            if champ.attribute == attribut or (champ.attribute or "").split("__")[0] == attribut:
                return champ.column_name
        return self.colonnes_des_attributs().get(attribut, "")

    def colonnes_des_attributs(self) -> dict[str, str]:
        """Un attribut du modèle écrit par une autre colonne (« origine_libelle » → « Origine »)."""
        return {}


def message_erreur(erreur: BaseException) -> str:
    if isinstance(erreur, ValidationError):
        return " ".join(erreur.messages)
    return str(erreur) or erreur.__class__.__name__


def meme_valeur(avant: Any, apres: Any) -> bool:
    """Deux cellules se valent : 12,50 et 12,5 ; vide et None ; 31/12/2023 en date ou en date-heure."""
    if avant in (None, "") and apres in (None, ""):
        return True
    if isinstance(avant, Decimal) or isinstance(apres, Decimal):
        try:
            return Decimal(str(avant)) == Decimal(str(apres))
        except Exception:
            return False
    return avant == apres


def separer(texte: str) -> list[str]:
    """« 1.1, 1.2 ; 3 et 4 » → ["1.1", "1.2", "3", "4"]."""
    return [morceau.strip() for morceau in re.split(r"[,;/]| et ", texte) if morceau.strip()]
