"""Le fichier .env du développeur : lu par les réglages de l'application, jamais par ceux des tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]

# Dans un processus neuf : django.setup() avec le module demandé, en notant chaque fichier .env lu.
ESPION = """
import json, django, environ
lus = []
environ.Env.read_env = classmethod(lambda cls, chemin=None, **options: lus.append(str(chemin)))
django.setup()
print(json.dumps(lus))
"""


def _fichiers_env_lus(module: str) -> list[str]:
    environnement = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environnement["DJANGO_SETTINGS_MODULE"] = module
    resultat = subprocess.run(
        [sys.executable, "-c", ESPION], cwd=RACINE, env=environnement, capture_output=True, text=True, timeout=60
    )
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout.splitlines()[-1])


def test_les_reglages_de_test_ne_lisent_pas_le_fichier_env():
    assert _fichiers_env_lus("qualite.settings.test") == []


def test_les_reglages_de_l_application_lisent_le_fichier_env():
    assert _fichiers_env_lus("qualite.settings") == [str(RACINE / ".env")]


def test_pytest_charge_les_reglages_de_test(settings):
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "qualite.settings.test"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
