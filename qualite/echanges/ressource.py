"""La ressource de base des tables échangées : lecture tolérante, comparaison sans perte, rapport en français."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources

from ..export import Colonne, Feuille, ecrire, texte_cellule, texte_pourcentage
from ..imports import RapportImport
from ..tableur import lire_tableau, nettoyer
from .widgets import TexteWidget

TAILLE_APERCU = 200
TAILLE_APERCU_LIGNES = 50


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
            jeu.append([ligne.brutes.get(c) if c in multilignes else ligne.valeurs.get(c) for c in tableau.colonnes])
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
