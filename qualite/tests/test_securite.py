"""Socle de sécurité : réglages de production, en-têtes, pages d'erreur DSFR."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpResponse
from django.urls import reverse
from django.views.defaults import permission_denied

from organisation.tests.factories import UtilisateurFactory
from qualite.acces import acces_requis

RACINE = Path(__file__).resolve().parents[2]


def _check_deploy(**env) -> subprocess.CompletedProcess:
    """`check --deploy` sur les réglages de l'environnement seul (`base`) : ni ceux des tests, ni le .env
    du développeur (qui pourrait, par exemple, désactiver la redirection HTTPS)."""
    environnement = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QUALITE_", "SECRET"))}
    environnement.update(env, DJANGO_SETTINGS_MODULE="qualite.settings.base")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_sans_avertissement_en_production():
    resultat = _check_deploy(
        QUALITE_ENV="production", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="qualite.prefecture.gouv.fr"
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_secret_key_obligatoire_en_production():
    resultat = _check_deploy(QUALITE_ENV="production", ALLOWED_HOSTS="qualite.prefecture.gouv.fr")
    assert resultat.returncode != 0
    assert "SECRET_KEY est obligatoire en production" in resultat.stderr


def test_en_tetes_de_securite(client, db):
    reponse = client.get(reverse("login"))
    politique = reponse["Content-Security-Policy"]
    assert "default-src 'self'" in politique
    assert "script-src 'self'" in politique
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"


def test_page_404_dsfr(client, db):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert "Page non trouvée" in reponse.content.decode()
    assert "fr-header" in reponse.content.decode()


def test_regle_non_satisfaite_donne_la_page_403_dsfr(rf, db):
    requete = rf.get("/")
    requete.user = UtilisateurFactory()
    vue = acces_requis(lambda utilisateur: False)(lambda request: HttpResponse("jamais rendue"))
    with pytest.raises(PermissionDenied) as refus:
        vue(requete)
    reponse = permission_denied(requete, refus.value)
    assert reponse.status_code == 403
    assert "Accès refusé" in reponse.content.decode()


def test_page_500_dsfr_sans_base(rf):
    from qualite.views import erreur_serveur

    reponse = erreur_serveur(rf.get("/"))
    assert reponse.status_code == 500
    assert "Erreur inattendue" in reponse.content.decode()
    assert "Préfecture de la Haute-Savoie" in reponse.content.decode()


def test_base_injoignable_donne_une_page_503(rf):
    from qualite.middleware import BaseIndisponibleMiddleware

    middleware = BaseIndisponibleMiddleware(lambda requete: None)
    reponse = middleware.process_exception(
        rf.get("/"), OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    )
    assert reponse.status_code == 503
    assert "Service momentanément indisponible" in reponse.content.decode()
    assert middleware.process_exception(rf.get("/"), ValueError("autre")) is None
