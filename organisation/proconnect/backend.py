"""Authentification ProConnect : jetons vérifiés (signature JWKS, émetteur, audience, expiration, nonce, acr),
userinfo en JWT signé, agent apparié par son adresse électronique vérifiée à un compte existant.

Rien n'est créé ni modifié : un agent sans compte, un compte désactivé ou une adresse partagée sont refusés, avec
leur motif noté sur la requête (`request.proconnect_motif`) pour la page de refus. Le verrouillage de django-axes
s'applique : un compte verrouillé ne se connecte pas davantage par ProConnect, et chaque refus compte comme un
échec de connexion (signal `user_login_failed` envoyé par django.contrib.auth).
"""

import logging
from typing import Any

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import motifs

journal = logging.getLogger(__name__)


class Refus(Exception):
    """Connexion refusée pour un motif (voir `motifs`)."""

    def __init__(self, motif: str, email: str = "") -> None:
        super().__init__(motif)
        self.motif = motif
        self.email = email


class ProConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any):
        # La connexion par mot de passe passe aussi par ici : seul le retour de ProConnect nous concerne.
        if request is None or not settings.OIDC_ACTIVE or "code_verifier" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refus as refus:
            return self._refuser(request, refus.motif, refus.email)
        except jwt.ExpiredSignatureError:
            return self._refuser(request, motifs.EXPIRE)
        except requests.HTTPError as erreur:
            # Code d'autorisation expiré ou déjà utilisé : « invalid_grant » (RFC 6749, 5.2).
            reponse = erreur.response
            if reponse is not None and reponse.status_code == 400 and "invalid_grant" in reponse.text:
                return self._refuser(request, motifs.EXPIRE)
            journal.warning("ProConnect : réponse refusée (%s)", erreur)
            return self._refuser(request, motifs.ECHEC)
        except requests.RequestException as erreur:
            journal.warning("ProConnect injoignable : %s", erreur)
            return self._refuser(request, motifs.INJOIGNABLE)
        except (jwt.InvalidTokenError, SuspiciousOperation, KeyError, ValueError) as erreur:
            journal.warning("ProConnect : jeton refusé (%s)", erreur)
            return self._refuser(request, motifs.ECHEC)

    @staticmethod
    def _refuser(request: HttpRequest, motif: str, email: str = "") -> None:
        request.proconnect_motif = motif  # type: ignore[attr-defined]
        request.proconnect_email = email  # type: ignore[attr-defined]
        return None

    # Jetons.

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """ID token (avec `nonce`) ou userinfo (sans) : signature par la clé de la JWKS qui porte son `kid`,
        algorithme attendu, émetteur et audience ; l'ID token doit aussi porter le nonce et l'acr demandés."""
        cle = self.retrieve_matching_jwk(token)
        algorithme = jwt.get_unverified_header(token).get("alg")
        if algorithme != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"Algorithme de signature inattendu : {algorithme!r}.")
        id_token = "nonce" in kwargs
        exiges = ["iss", "aud", "sub"] + (["exp", "iat"] if id_token else [])
        charge = jwt.decode(
            token,
            cle,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_OP_ISSUER,
            options={"require": exiges},
        )
        if id_token:
            if self.get_settings("OIDC_USE_NONCE", True) and charge.get("nonce") != kwargs["nonce"]:
                raise SuspiciousOperation("Nonce de l'ID token différent de celui de la demande.")
            acr_attendus = settings.OIDC_ACR_VALUES.split()
            if acr_attendus and charge.get("acr") not in acr_attendus:
                raise SuspiciousOperation(f"Niveau d'authentification (acr) inattendu : {charge.get('acr')!r}.")
        return charge

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """ProConnect renvoie les informations de l'agent en JWT signé (application/jwt) : sa signature est
        vérifiée avec la JWKS du fournisseur ; un userinfo non signé est refusé. Son `sub` est celui de l'ID token."""
        reponse = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        reponse.raise_for_status()
        if not reponse.headers.get("content-type", "").lower().startswith("application/jwt"):
            raise SuspiciousOperation("Userinfo non signé : ProConnect le renvoie en JWT (application/jwt).")
        informations = self.verify_token(reponse.text)
        if informations.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Le sub du userinfo n'est pas celui de l'ID token.")
        return informations

    # Appariement aux comptes existants.

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            raise Refus(motifs.ADRESSE)
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip())

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        informations = self.get_userinfo(access_token, id_token, payload)
        self.verify_claims(informations)
        email = informations["email"].strip()
        comptes = list(self.filter_users_by_claims(informations)[:2])
        if not comptes:
            raise Refus(motifs.INCONNU, email)
        if len(comptes) > 1:
            raise Refus(motifs.DOUBLON, email)
        utilisateur = comptes[0]
        if not utilisateur.is_active:
            raise Refus(motifs.DESACTIVE, email)
        if not AxesProxyHandler.is_allowed(self.request, {"username": utilisateur.get_username()}):
            # Compte verrouillé (échecs répétés) : la page de verrouillage d'axes, comme pour le mot de passe.
            self.request.axes_locked_out = True  # type: ignore[attr-defined]
            raise Refus(motifs.ECHEC, email)
        return utilisateur
