"""Un fournisseur OpenID Connect réel pour les tests, configuré comme ProConnect (`fournisseur.mjs`, paquet npm
oidc-provider), et les réglages qui y branchent l'application (ceux qu'OIDC_* donnerait, voir les settings)."""

import json
import os
import selectors
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SCRIPT = Path(__file__).resolve().parent / "fournisseur.mjs"
RACINE = Path(__file__).resolve().parents[2]
CLIENT_ID = "qualite-test"
CLIENT_SECRET = "secret-du-client-de-test-proconnect"
BACKEND = "organisation.proconnect.backend.ProConnectBackend"


@dataclass(frozen=True)
class Fournisseur:
    issuer: str
    port: int
    processus: subprocess.Popen
    journal: Path


@contextmanager
def fournisseur_local(
    *, adresse_application: str, comptes: dict[str, dict], dossier: Path, delai: float = 20
) -> Iterator[Fournisseur]:
    """Démarre le fournisseur sur un port libre pour l'application servie à `adresse_application` ; l'arrête
    à la sortie. `comptes` : les claims propres à certaines adresses (voir fournisseur.mjs)."""
    node = shutil.which("node")
    if node is None or not (RACINE / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("node et le paquet npm oidc-provider sont nécessaires (npm install, fait par make test).")
    fichier_comptes = dossier / "comptes.json"
    fichier_comptes.write_text(json.dumps(comptes), encoding="utf-8")
    journal = dossier / "fournisseur.log"
    environnement = {
        **os.environ,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{adresse_application}/connexion/proconnect/retour/",
        "POST_LOGOUT_REDIRECT_URI": f"{adresse_application}/connexion/",
        "COMPTES": str(fichier_comptes),
        "PORT": "0",
    }
    with open(journal, "wb") as sortie_erreurs:
        processus = subprocess.Popen(
            [node, str(SCRIPT)], cwd=RACINE, env=environnement, stdout=subprocess.PIPE, stderr=sortie_erreurs
        )
    try:
        assert processus.stdout is not None
        selecteur = selectors.DefaultSelector()
        selecteur.register(processus.stdout, selectors.EVENT_READ)
        if not selecteur.select(timeout=delai):
            raise RuntimeError(f"Le fournisseur ProConnect local ne démarre pas : {journal.read_text()}")
        ligne = processus.stdout.readline()
        if not ligne:
            raise RuntimeError(f"Le fournisseur ProConnect local s'est arrêté : {journal.read_text()}")
        pret = json.loads(ligne)
        yield Fournisseur(issuer=pret["issuer"], port=pret["port"], processus=processus, journal=journal)
    finally:
        processus.terminate()
        try:
            processus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()


def brancher(settings, issuer: str) -> None:
    """Les réglages que donneraient OIDC_ACTIVE=true, OIDC_OP_URL=<issuer> et le client de test."""
    base = issuer
    settings.OIDC_ACTIVE = True
    settings.OIDC_OP_URL = base
    settings.OIDC_OP_ISSUER = base
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{base}/session/end"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    if BACKEND not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    origine = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    politique = {**settings.CONTENT_SECURITY_POLICY}
    politique["DIRECTIVES"] = {**politique["DIRECTIVES"], "form-action": ["'self'", origine]}
    settings.CONTENT_SECURITY_POLICY = politique
