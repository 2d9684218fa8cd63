"""Connexion ProConnect sans navigateur : activation par les réglages, départ vers ProConnect (PKCE, acr, claims),
refus expliqués, déconnexion ProConnect, vérification des jetons signés (JWKS servie en HTTP sur la boucle locale).

Le parcours complet contre un vrai fournisseur est dans test_proconnect_navigateur.py.
"""

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from organisation.proconnect import motifs
from organisation.proconnect.backend import ProConnectBackend
from tests_outils.proconnect import CLIENT_ID, brancher

from .factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

KID = "cle-de-test"
RACINE = Path(__file__).resolve().parents[2]


def _cle_privee():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


CLE = _cle_privee()
AUTRE_CLE = _cle_privee()


class _ServeurJwks(BaseHTTPRequestHandler):
    """La JWKS du fournisseur ; son userinfo répond selon le jeton d'accès reçu (JWT signé, JSON, autre sub)."""

    def do_GET(self):
        emetteur = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2"
        if self.path.endswith("/jwks"):
            cle = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(CLE.public_key()))
            self._repondre(
                "application/json", json.dumps({"keys": [{**cle, "kid": KID, "alg": "RS256", "use": "sig"}]})
            )
            return
        acces = self.headers.get("Authorization", "").removeprefix("Bearer ")
        informations = {"email": "agent@interieur.gouv.fr", "siret": "13002526500013", "exp": None, "iat": None}
        if acces == "json":
            self._repondre("application/json", json.dumps({"sub": "agent-1", "email": "agent@interieur.gouv.fr"}))
        elif acces == "autre-sub":
            self._repondre("application/jwt", _jeton(emetteur, sub="agent-2", **informations))
        elif acces == "autre-cle":
            self._repondre("application/jwt", _jeton(emetteur, cle=AUTRE_CLE, **informations))
        else:
            self._repondre("application/jwt; charset=utf-8", _jeton(emetteur, **informations))

    def _repondre(self, type_contenu: str, texte: str) -> None:
        corps = texte.encode()
        self.send_response(200)
        self.send_header("Content-Type", type_contenu)
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        self.wfile.write(corps)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def jwks():
    """Une JWKS servie en HTTP sur un port libre de la boucle locale : l'émetteur des jetons de ces tests."""
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), _ServeurJwks)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}/api/v2"
    serveur.shutdown()
    serveur.server_close()


@pytest.fixture
def active(settings, jwks):
    brancher(settings, jwks)
    return jwks


def _jeton(emetteur: str, cle=CLE, kid: str = KID, algorithme: str = "RS256", **claims) -> str:
    maintenant = int(time.time())
    charge = {"iss": emetteur, "aud": CLIENT_ID, "sub": "agent-1", "iat": maintenant, "exp": maintenant + 60}
    charge.update(claims)
    charge = {cle_: valeur for cle_, valeur in charge.items() if valeur is not None}
    return jwt.encode(charge, cle, algorithm=algorithme, headers={"kid": kid})


# Activation.


def test_desactive_par_defaut_la_connexion_ne_propose_que_le_mot_de_passe(client):
    reponse = client.get(reverse("login"))

    assert "ProConnect" not in reponse.content.decode()
    for nom in ("proconnect_connexion", "proconnect_retour", "proconnect_refus"):
        assert client.get(reverse(nom)).status_code == 404


def test_active_la_page_de_connexion_propose_proconnect_a_cote_du_mot_de_passe(app, active):
    page = app.get(reverse("login") + "?next=/plan-actions/")

    lien = page.html.find("a", string="S'identifier avec ProConnect")
    assert lien["href"] == reverse("proconnect_connexion") + "?next=/plan-actions/"
    assert page.forms[0]["username"] is not None and page.forms[0]["password"] is not None


def test_le_depart_vers_proconnect_demande_pkce_acr_et_les_claims_de_l_agent(
    client, active, django_assert_max_num_queries
):
    # La session créée (existence de la clé, écriture, point de sauvegarde) : rien d'autre.
    with django_assert_max_num_queries(4):
        reponse = client.get(reverse("proconnect_connexion") + "?next=/plan-actions/")

    assert reponse.status_code == 302
    adresse = urlsplit(reponse["Location"])
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{active}/authorize"
    parametres = {cle: valeurs[0] for cle, valeurs in parse_qs(adresse.query).items()}
    assert parametres["response_type"] == "code"
    assert parametres["client_id"] == CLIENT_ID
    assert parametres["redirect_uri"] == "http://testserver/connexion/proconnect/retour/"
    assert parametres["code_challenge_method"] == "S256"
    assert parametres["acr_values"] == "eidas1"
    assert json.loads(parametres["claims"]) == {"id_token": {"amr": {"essential": True}}}
    assert set(parametres["scope"].split()) == {"openid", "email", "given_name", "usual_name", "uid", "siret", "idp_id"}
    etats = client.session["oidc_states"]
    assert list(etats) == [parametres["state"]]
    assert etats[parametres["state"]]["nonce"] == parametres["nonce"]
    assert len(etats[parametres["state"]]["code_verifier"]) == 64
    assert client.session["oidc_login_next"] == "/plan-actions/"


def test_un_agent_deja_connecte_ne_repart_pas_vers_proconnect(client, active):
    client.force_login(UtilisateurFactory())

    reponse = client.get(reverse("proconnect_connexion"))

    assert reponse.status_code == 302 and reponse["Location"] == reverse("accueil")


# Refus expliqués (le retour de ProConnect ne mène jamais à une erreur 400 ou 500).


def test_un_retour_au_state_inconnu_est_refuse_sans_erreur(client, active):
    client.get(reverse("proconnect_connexion"))

    reponse = client.get(reverse("proconnect_retour"), {"code": "un-code", "state": "state-forge"}, follow=True)

    assert reponse.redirect_chain == [(reverse("proconnect_refus"), 302)]
    assert "Demande de connexion non reconnue" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_un_retour_sans_session_est_refuse_sans_erreur(client, active):
    reponse = client.get(reverse("proconnect_retour"), {"code": "un-code", "state": "state"}, follow=True)

    assert "Demande de connexion non reconnue" in reponse.content.decode()


def test_une_connexion_annulee_sur_proconnect_est_expliquee(client, active):
    client.get(reverse("proconnect_connexion"))
    etat = next(iter(client.session["oidc_states"]))

    reponse = client.get(reverse("proconnect_retour"), {"error": "access_denied", "state": etat}, follow=True)

    assert "Connexion interrompue" in reponse.content.decode()
    assert client.session["oidc_states"] == {}


def test_proconnect_injoignable_au_retour_est_explique(client, settings, active):
    # Un port fermé : le point d'accès token ne répond pas.
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/api/v2/token"
    client.get(reverse("proconnect_connexion"))
    etat = next(iter(client.session["oidc_states"]))

    reponse = client.get(reverse("proconnect_retour"), {"code": "un-code", "state": etat}, follow=True)

    assert reponse.status_code == 200
    assert "ProConnect injoignable" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("cle", sorted(motifs.MOTIFS))
def test_chaque_motif_a_sa_page_en_francais(client, active, cle):
    session = client.session
    session[motifs.CLE_REFUS] = {"motif": cle, "email": "agent@interieur.gouv.fr"}
    session.save()

    reponse = client.get(reverse("proconnect_refus"))

    contenu = reponse.content.decode()
    assert f"<h1>{motifs.MOTIFS[cle].titre}</h1>" in contenu
    assert "agent@interieur.gouv.fr" in contenu


def test_la_page_de_refus_sans_motif_dit_que_la_connexion_est_refusee(client, active, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        reponse = client.get(reverse("proconnect_refus"))

    assert "<h1>Connexion refusée</h1>" in reponse.content.decode()


# Déconnexion.


def test_la_deconnexion_d_un_agent_connecte_par_proconnect_termine_sa_session_proconnect(client, active):
    client.force_login(UtilisateurFactory())
    session = client.session
    session["oidc_id_token"] = "entete.charge.signature"
    session.save()

    reponse = client.post(reverse("logout"))

    adresse = urlsplit(reponse["Location"])
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{active}/session/end"
    parametres = {cle: valeurs[0] for cle, valeurs in parse_qs(adresse.query).items()}
    assert parametres["id_token_hint"] == "entete.charge.signature"
    assert parametres["post_logout_redirect_uri"] == "http://testserver/connexion/"
    assert len(parametres["state"]) == 32
    assert "_auth_user_id" not in client.session


def test_la_deconnexion_d_un_compte_a_mot_de_passe_reste_locale(client, active):
    client.force_login(UtilisateurFactory())

    reponse = client.post(reverse("logout"))

    assert reponse["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_le_formulaire_de_deconnexion_peut_mener_a_proconnect(client, active):
    """La politique de sécurité du contenu autorise la redirection du formulaire « Se déconnecter »."""
    client.force_login(UtilisateurFactory())

    politique = client.get(reverse("accessibilite"))["Content-Security-Policy"]

    origine = active.removesuffix("/api/v2")
    assert f"form-action 'self' {origine}" in politique


# Jetons signés : signature (JWKS), algorithme, émetteur, audience, expiration, nonce, acr.


def test_un_id_token_signe_par_la_jwks_est_accepte(active):
    charge = ProConnectBackend().verify_token(_jeton(active, nonce="n", acr="eidas1"), nonce="n")

    assert charge["sub"] == "agent-1"


def test_un_userinfo_signe_par_la_jwks_est_accepte_sans_nonce(active):
    charge = ProConnectBackend().verify_token(_jeton(active, email="agent@interieur.gouv.fr", exp=None, iat=None))

    assert charge["email"] == "agent@interieur.gouv.fr"


@pytest.mark.parametrize(
    "modifier",
    [
        pytest.param(lambda e: _jeton(e, cle=AUTRE_CLE, nonce="n", acr="eidas1"), id="signe-par-une-autre-cle"),
        pytest.param(lambda e: _jeton(e, kid="inconnue", nonce="n", acr="eidas1"), id="kid-absent-de-la-jwks"),
        pytest.param(lambda e: _jeton(e, iss="https://autre.invalid", nonce="n", acr="eidas1"), id="autre-emetteur"),
        pytest.param(lambda e: _jeton(e, aud="autre-client", nonce="n", acr="eidas1"), id="autre-audience"),
        pytest.param(lambda e: _jeton(e, nonce="rejoue", acr="eidas1"), id="autre-nonce"),
        pytest.param(lambda e: _jeton(e, nonce="n"), id="sans-acr"),
        pytest.param(lambda e: _jeton(e, nonce="n", acr="eidas0"), id="acr-insuffisant"),
        pytest.param(lambda e: _jeton(e, nonce="n", acr="eidas1", exp=None), id="sans-expiration"),
        pytest.param(
            lambda e: _jeton(e, nonce="n", acr="eidas1", iat=int(time.time()) - 120, exp=int(time.time()) - 60),
            id="expire",
        ),
    ],
)
def test_un_id_token_douteux_est_refuse(active, modifier):
    with pytest.raises((jwt.InvalidTokenError, SuspiciousOperation)):
        ProConnectBackend().verify_token(modifier(active), nonce="n")


def test_le_userinfo_en_jwt_signe_par_la_jwks_donne_les_claims_de_l_agent(active):
    informations = ProConnectBackend().get_userinfo("jwt", "id-token", {"sub": "agent-1"})

    assert informations["email"] == "agent@interieur.gouv.fr"
    assert informations["siret"] == "13002526500013"


@pytest.mark.parametrize(
    "acces",
    [pytest.param("json", id="non-signe"), "autre-sub", pytest.param("autre-cle", id="signe-par-une-autre-cle")],
)
def test_un_userinfo_non_signe_ou_d_un_autre_agent_est_refuse(active, acces):
    with pytest.raises((jwt.InvalidTokenError, SuspiciousOperation)):
        ProConnectBackend().get_userinfo(acces, "id-token", {"sub": "agent-1"})


def test_un_jeton_signe_par_le_secret_du_client_est_refuse(active, settings):
    """Un jeton HS256 (signé avec le secret partagé) n'est pas une signature du fournisseur."""
    jeton = _jeton(active, cle=settings.OIDC_RP_CLIENT_SECRET, algorithme="HS256", nonce="n", acr="eidas1")

    with pytest.raises(SuspiciousOperation):
        ProConnectBackend().verify_token(jeton, nonce="n")


# Réglages OIDC_* (lus dans l'environnement, dans un processus neuf).

LIRE_REGLAGES = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "backends": settings.AUTHENTICATION_BACKENDS,
    "form_action": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
    "points": [settings.OIDC_OP_AUTHORIZATION_ENDPOINT, settings.OIDC_OP_TOKEN_ENDPOINT,
               settings.OIDC_OP_USER_ENDPOINT, settings.OIDC_OP_JWKS_ENDPOINT, settings.OIDC_OP_LOGOUT_ENDPOINT],
    "issuer": settings.OIDC_OP_ISSUER,
    "extra": settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS,
}))
"""


def _reglages(**variables: str) -> subprocess.CompletedProcess:
    environnement = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OIDC_"))}
    environnement.update(DJANGO_SETTINGS_MODULE="qualite.settings.test", **variables)
    return subprocess.run(
        [sys.executable, "-c", LIRE_REGLAGES],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_les_reglages_oidc_activent_proconnect_et_deduisent_ses_points_d_acces():
    resultat = _reglages(
        OIDC_ACTIVE="true",
        OIDC_OP_URL="https://proconnect.exemple.gouv.fr/api/v2/",
        OIDC_RP_CLIENT_ID="client",
        OIDC_RP_CLIENT_SECRET="secret",
        OIDC_OP_ISSUER="",
        OIDC_ACR_VALUES="",
    )

    assert resultat.returncode == 0, resultat.stderr
    reglages = json.loads(resultat.stdout.splitlines()[-1])
    base = "https://proconnect.exemple.gouv.fr/api/v2"
    assert reglages["backends"][-1] == "organisation.proconnect.backend.ProConnectBackend"
    assert reglages["form_action"] == ["'self'", "https://proconnect.exemple.gouv.fr"]
    assert reglages["points"] == [
        f"{base}/{chemin}" for chemin in ("authorize", "token", "userinfo", "jwks", "session/end")
    ]
    assert reglages["issuer"] == base
    assert "acr_values" not in reglages["extra"]


def test_sans_oidc_active_proconnect_n_est_pas_branche():
    resultat = _reglages(OIDC_OP_URL="https://proconnect.exemple.gouv.fr/api/v2")

    reglages = json.loads(resultat.stdout.splitlines()[-1])
    assert "organisation.proconnect.backend.ProConnectBackend" not in reglages["backends"]
    assert reglages["form_action"] == ["'self'"]
    assert reglages["extra"]["acr_values"] == "eidas1"


def test_oidc_active_sans_client_est_refuse_au_demarrage():
    resultat = _reglages(OIDC_ACTIVE="true", OIDC_OP_URL="https://proconnect.exemple.gouv.fr/api/v2")

    assert resultat.returncode != 0
    assert "OIDC_ACTIVE demande OIDC_OP_URL, OIDC_RP_CLIENT_ID et OIDC_RP_CLIENT_SECRET" in resultat.stderr
