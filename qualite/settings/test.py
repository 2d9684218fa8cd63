"""Réglages des tests (pytest.ini) : ceux de l'environnement (`base`), jamais le fichier .env du développeur.

Les processus lancés par les tests (vrai worker Celery) héritent de DJANGO_SETTINGS_MODULE : mêmes réglages.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

# Une adresse publique distincte de l'hôte des requêtes de test : un lien de courriel qui la porte est bien absolu.
SITE_URL = "https://qualite.prefecture.test"

# Mots de passe hachés vite (MD5) ; PBKDF2 reste reconnu (comptes de la démonstration d'une base migrée).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Base de test dans un fichier : un vrai worker Celery (autre processus) doit pouvoir la lire.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test_qualite.sqlite3")}

# Une seconde base, vide, pour le test des migrations (exploitation/tests/test_migrations.py) : il la ramène
# au schéma d'une ancienne version, la remplit, puis la migre ; la base des autres tests n'est jamais touchée.
DATABASES["migrations"] = {**DATABASES["default"], "TEST": {}}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["migrations"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_migrations"}

# Le cache des tableaux change le nombre de requêtes : activé seulement par les tests qui l'essaient.
QUALITE_CACHE_TABLEAUX = False
