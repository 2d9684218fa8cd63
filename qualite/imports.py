"""Ossature commune des imports : rapport, exécution atomique, aperçu puis confirmation.

Un importeur est une fonction `importer(*, fichier, nom, utilisateur, **options) -> RapportImport`
qui valide toutes les lignes avant d'écrire. `executer_import` l'enveloppe dans une transaction :
au moindre rejet, ou en simulation (--dry-run, aperçu), rien n'est écrit. `CommandeImport` en fait une
commande `importer_* FICHIER [--dry-run]`, `vue_import` une page (téléversement, aperçu, confirmation).
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .formatage import accord
from .forms import FichierImportForm
from .tableur import ErreurTableur


@dataclass
class RapportImport:
    erreurs: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    crees: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    apercu: list[dict] = field(default_factory=list)
    # Ce que l'import change, cellule par cellule : « ligne 12 : Statut En cours → Réalisée ».
    changements: list[str] = field(default_factory=list)
    changements_en_plus: int = 0
    simulation: bool = False

    @property
    def valide(self) -> bool:
        return not self.erreurs

    def erreur(self, numero: int | None, message: str) -> None:
        self.erreurs.append(f"Ligne {numero} : {message}" if numero else message)

    def avertir(self, numero: int | None, message: str) -> None:
        self.avertissements.append(f"Ligne {numero} : {message}" if numero else message)

    @property
    def resume(self) -> str:
        verbe = "seraient" if self.simulation else "ont été"
        return (
            f"{accord(self.crees, 'créé', 'créés')}, {self.mis_a_jour} mis à jour, "
            f"{accord(self.inchanges, 'inchangé', 'inchangés')} : {verbe} enregistrés."
        )


class ImportRejete(Exception):
    """Annule la transaction d'un import refusé."""


def executer_import(importeur: Callable[..., RapportImport], *, simulation: bool, **kwargs) -> RapportImport:
    """Exécute l'importeur dans une transaction ; annule tout si une ligne est invalide ou en simulation."""
    rapport = RapportImport(simulation=simulation)
    try:
        with transaction.atomic():
            importeur(rapport=rapport, **kwargs)
            if rapport.erreurs or simulation:
                raise ImportRejete
    except ImportRejete:
        pass
    except ErreurTableur as erreur:
        rapport.erreurs.append(str(erreur))
    if rapport.erreurs:
        rapport.crees = rapport.mis_a_jour = rapport.inchanges = 0
        rapport.changements, rapport.changements_en_plus = [], 0
    return rapport


# Fichiers en attente de confirmation (aperçu dans le navigateur).

DOSSIER_ATTENTE = "imports_en_attente"


def mettre_en_attente(fichier) -> str:
    """Garde le fichier téléversé le temps de la confirmation ; renvoie un jeton."""
    jeton = uuid.uuid4().hex
    dossier = Path(settings.MEDIA_ROOT) / DOSSIER_ATTENTE
    dossier.mkdir(parents=True, exist_ok=True)
    extension = Path(fichier.name).suffix.lower()[:6]
    with open(dossier / f"{jeton}{extension}", "wb") as sortie:
        for morceau in fichier.chunks():
            sortie.write(morceau)
    return f"{jeton}{extension}"


def fichier_en_attente(jeton: str) -> Path | None:
    if not jeton or "/" in jeton or "\\" in jeton or ".." in jeton:
        return None
    chemin = Path(settings.MEDIA_ROOT) / DOSSIER_ATTENTE / jeton
    return chemin if chemin.is_file() else None


def purger_attente(*, anciennete_secondes: float = 24 * 3600) -> int:
    """Supprime les aperçus abandonnés (fichiers en attente depuis plus de `anciennete_secondes`) ;
    renvoie le nombre de fichiers supprimés. Lancée chaque heure par beat (`qualite.tasks`)."""
    dossier = Path(settings.MEDIA_ROOT) / DOSSIER_ATTENTE
    if not dossier.is_dir():
        return 0
    limite = time.time() - anciennete_secondes
    supprimes = 0
    for chemin in dossier.iterdir():
        try:
            if chemin.is_file() and chemin.stat().st_mtime < limite:
                chemin.unlink(missing_ok=True)
                supprimes += 1
        except OSError:  # supprimé entre-temps par une confirmation
            continue
    return supprimes


def supprimer_attente(jeton: str) -> None:
    chemin = fichier_en_attente(jeton)
    if chemin:
        chemin.unlink(missing_ok=True)


class CommandeImport(BaseCommand):
    """Base des commandes `importer_* FICHIER [--dry-run]`."""

    importeur: Callable[..., RapportImport]

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="fichier .xlsx, .ods ou .csv")
        parser.add_argument("--dry-run", action="store_true", help="vérifie le fichier sans rien enregistrer")

    def options_importeur(self, options) -> dict:
        return {}

    def handle(self, *args, **options):
        chemin = Path(options["fichier"])
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        with open(chemin, "rb") as fichier:
            rapport = executer_import(
                type(self).importeur,
                simulation=options["dry_run"],
                fichier=fichier,
                nom=chemin.name,
                utilisateur=None,
                **self.options_importeur(options),
            )
        for avertissement in rapport.avertissements:
            self.stdout.write(self.style.WARNING(avertissement))
        if rapport.erreurs:
            for erreur in rapport.erreurs:
                self.stderr.write(erreur)
            raise CommandError(
                f"Import refusé : {accord(len(rapport.erreurs), 'erreur', 'erreurs')}, rien n'a été enregistré."
            )
        for changement in rapport.changements:
            self.stdout.write(changement)
        if rapport.changements_en_plus:
            self.stdout.write(f"… et {accord(rapport.changements_en_plus, 'autre changement', 'autres changements')}.")
        self.stdout.write(self.style.SUCCESS(rapport.resume))


# Import dans le navigateur : téléversement, aperçu (simulation), puis confirmation.


def vue_import(
    request: HttpRequest,
    *,
    importeur: Callable[..., RapportImport],
    titre: str,
    colonnes: list[str],
    url_retour: str,
    options: dict | None = None,
    contexte: dict | None = None,
) -> HttpResponse:
    options = options or {}
    rapport = None
    jeton = ""
    form = FichierImportForm()
    if request.method == "POST" and "jeton" in request.POST:
        jeton = request.POST["jeton"]
        chemin = fichier_en_attente(jeton)
        if chemin is None:
            messages.error(request, "Le fichier à confirmer n'est plus disponible : envoyez-le de nouveau.")
            return redirect(request.path)
        with open(chemin, "rb") as fichier:
            rapport = executer_import(
                importeur, simulation=False, fichier=fichier, nom=chemin.name, utilisateur=request.user, **options
            )
        if rapport.valide:
            supprimer_attente(jeton)
            messages.success(request, f"Import terminé : {rapport.resume}")
            return redirect(url_retour)
    elif request.method == "POST":
        form = FichierImportForm(request.POST, request.FILES)
        if form.is_valid():
            fichier = form.cleaned_data["fichier"]
            jeton = mettre_en_attente(fichier)
            with open(fichier_en_attente(jeton), "rb") as lecture:
                rapport = executer_import(
                    importeur,
                    simulation=True,
                    fichier=lecture,
                    nom=Path(fichier.name).name,
                    utilisateur=request.user,
                    **options,
                )
            if not rapport.valide:
                supprimer_attente(jeton)
                jeton = ""
    return render(
        request,
        "qualite/import.html",
        {
            "titre": titre,
            "colonnes": colonnes,
            "form": form,
            "rapport": rapport,
            "jeton": jeton,
            "url_retour": url_retour,
            **(contexte or {}),
        },
    )


class CommandeExport(BaseCommand):
    """Base des commandes `exporter_* FICHIER` : le format suit l'extension (.xlsx, .ods, .csv).

    `--windows` écrit un CSV en Windows-1252 (l'Excel d'un poste ancien) au lieu de l'UTF-8 avec BOM.
    """

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="fichier .xlsx, .ods ou .csv à écrire")
        parser.add_argument("--windows", action="store_true", help="CSV en Windows-1252 plutôt qu'en UTF-8")

    def contenu(self, format_fichier: str, options) -> tuple[bytes, int]:
        """Le fichier et son nombre de lignes."""
        raise NotImplementedError

    def handle(self, *args, **options):
        chemin = Path(options["fichier"])
        extension = chemin.suffix.lower().lstrip(".")
        if extension not in ("xlsx", "ods", "csv"):
            raise CommandError(f"Extension « .{extension} » non prise en charge : .xlsx, .ods ou .csv.")
        format_fichier = "csv-windows" if extension == "csv" and options["windows"] else extension
        contenu, lignes = self.contenu(format_fichier, options)
        chemin.write_bytes(contenu)
        self.stdout.write(self.style.SUCCESS(f"{accord(lignes, 'ligne écrite', 'lignes écrites')} dans {chemin}."))
