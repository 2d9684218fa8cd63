"""Sauvegarde et restauration : la base (SQLite : API backup ; PostgreSQL : pg_dump -Fc) et MEDIA_ROOT
dans une seule archive .tar.gz, avec un manifeste (version, date, moteur) vérifié à la restauration."""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFESTE = "manifeste.json"
BASE_SQLITE = "base.sqlite3"
BASE_POSTGRESQL = "base.dump"
FICHIERS = "fichiers"


class ErreurSauvegarde(Exception):
    """Archive illisible, manifeste incompatible ou outil de la base en échec (message en français)."""


def _moteur() -> str:
    return connection.vendor


def _environnement_pg() -> tuple[list[str], dict]:
    """Options de connexion de pg_dump / pg_restore ; le mot de passe passe par PGPASSWORD."""
    reglages = connection.settings_dict
    options = ["--dbname", reglages["NAME"]]
    if reglages.get("HOST"):
        options += ["--host", reglages["HOST"]]
    if reglages.get("PORT"):
        options += ["--port", str(reglages["PORT"])]
    if reglages.get("USER"):
        options += ["--username", reglages["USER"]]
    environnement = dict(os.environ)
    if reglages.get("PASSWORD"):
        environnement["PGPASSWORD"] = reglages["PASSWORD"]
    return options, environnement


def _executer(commande: list[str], environnement: dict) -> None:
    resultat = subprocess.run(commande, env=environnement, capture_output=True, text=True)
    if resultat.returncode != 0:
        raise ErreurSauvegarde(f"{commande[0]} a échoué : {resultat.stderr.strip()}")


def _derniere_migration() -> str:
    enregistreur = MigrationRecorder(connection)
    if not enregistreur.has_table():
        return ""
    derniere = enregistreur.migration_qs.order_by("-applied", "-id").first()
    return f"{derniere.app}.{derniere.name}" if derniere else ""


def sauvegarder(sortie: Path | None = None) -> Path:
    """Écrit l'archive et renvoie son chemin (par défaut var/sauvegardes/qualite-AAAAMMJJ-HHMMSS.tar.gz)."""
    moment = timezone.localtime()
    if sortie is None:
        sortie = Path(settings.BASE_DIR) / "var" / "sauvegardes" / f"qualite-{moment:%Y%m%d-%H%M%S}.tar.gz"
    sortie = Path(sortie)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    moteur = _moteur()
    with tempfile.TemporaryDirectory() as dossier:
        dossier = Path(dossier)
        if moteur == "sqlite":
            base = dossier / BASE_SQLITE
            connection.ensure_connection()
            cible = sqlite3.connect(base)
            with cible:
                connection.connection.backup(cible)
            cible.close()
        elif moteur == "postgresql":
            base = dossier / BASE_POSTGRESQL
            options, environnement = _environnement_pg()
            _executer(["pg_dump", "-Fc", "--no-owner", "--file", str(base), *options], environnement)
        else:
            raise ErreurSauvegarde(f"Moteur de base non pris en charge : {moteur}.")
        manifeste = {
            "application": "qualite",
            "format": FORMAT,
            "version": _derniere_migration(),
            "date": moment.isoformat(),
            "moteur": moteur,
            "base": base.name,
        }
        (dossier / MANIFESTE).write_text(json.dumps(manifeste, ensure_ascii=False, indent=2), encoding="utf-8")
        with tarfile.open(sortie, "w:gz") as archive:
            archive.add(dossier / MANIFESTE, arcname=MANIFESTE)
            archive.add(base, arcname=base.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=FICHIERS)
    return sortie


def lire_manifeste(fichier: Path) -> dict:
    try:
        with tarfile.open(fichier, "r:gz") as archive:
            contenu = archive.extractfile(MANIFESTE)
            if contenu is None:
                raise KeyError(MANIFESTE)
            manifeste = json.loads(contenu.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as erreur:
        raise ErreurSauvegarde(f"{fichier} n'est pas une sauvegarde de qualite lisible ({erreur}).") from None
    if manifeste.get("application") != "qualite" or manifeste.get("format") != FORMAT:
        raise ErreurSauvegarde(f"{fichier} : manifeste inattendu (application ou format).")
    if manifeste.get("moteur") != _moteur():
        raise ErreurSauvegarde(
            f"La sauvegarde vient d'une base {manifeste.get('moteur')} ; la base configurée est {_moteur()}."
        )
    return manifeste


def restaurer(fichier: Path) -> dict:
    """Remplace la base et MEDIA_ROOT par le contenu de l'archive ; renvoie le manifeste."""
    fichier = Path(fichier)
    manifeste = lire_manifeste(fichier)
    with tempfile.TemporaryDirectory() as dossier:
        dossier = Path(dossier)
        with tarfile.open(fichier, "r:gz") as archive:
            archive.extractall(dossier, filter="data")
        base = dossier / manifeste["base"]
        if not base.is_file():
            raise ErreurSauvegarde(f"{fichier} : la base ({manifeste['base']}) manque dans l'archive.")
        connections.close_all()
        if manifeste["moteur"] == "sqlite":
            source = sqlite3.connect(base)
            cible = sqlite3.connect(connection.settings_dict["NAME"])
            with cible:
                source.backup(cible)
            source.close()
            cible.close()
        else:
            options, environnement = _environnement_pg()
            _executer(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *options, str(base)],
                environnement,
            )
        _remplacer_fichiers(dossier / FICHIERS)
    return manifeste


def _remplacer_fichiers(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.rmtree(media)
    if source.is_dir():
        shutil.copytree(source, media)
    else:
        media.mkdir(parents=True, exist_ok=True)


def horodatage(manifeste: dict) -> str:
    return datetime.fromisoformat(manifeste["date"]).strftime("%d/%m/%Y %H:%M")
