"""Réglages de l'application (manage.py, wsgi, asgi, Celery) : ceux de `base` (l'environnement), complétés
par le fichier .env du développeur (sans écraser une variable déjà définie).

Les tests chargent `qualite.settings.test`, qui ne lit pas .env. Importer ce sous-module exécute d'abord ce
fichier-ci (son paquet) : .env n'est donc lu que si c'est bien ce module-ci que Django charge.
"""

import os
from pathlib import Path

import environ

if os.environ.get("DJANGO_SETTINGS_MODULE", __name__) == __name__:
    environ.Env.read_env(Path(__file__).resolve().parents[2] / ".env", overwrite=False)

from .base import *  # noqa: F403
