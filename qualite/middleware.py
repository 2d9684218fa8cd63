"""Middlewares du socle : taille des requêtes, durée maximale de session, base de données indisponible."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from . import identite

CLE_DEBUT_SESSION = "qualite_debut_session"
CLE_ACTIVITE = "qualite_activite"


class DureeSessionMiddleware:
    """Ferme la session 12 heures après la connexion, même active, et repousse l'inactivité.

    Inactivité (30 minutes, SESSION_COOKIE_AGE) : chaque enregistrement de la session repousse son
    expiration. Plutôt qu'une écriture à chaque page (SESSION_SAVE_EVERY_REQUEST), la session n'est
    enregistrée que si la dernière activité notée date d'au moins SESSION_INTERVALLE_ACTIVITE secondes :
    l'expiration tombe entre 29 et 30 minutes après la dernière requête, pour une écriture par minute au plus.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            maintenant = int(time.time())
            debut = request.session.setdefault(CLE_DEBUT_SESSION, maintenant)
            if maintenant - debut > settings.SESSION_DUREE_MAXIMALE:
                logout(request)
                return redirect(settings.LOGIN_URL)
            if maintenant - request.session.get(CLE_ACTIVITE, 0) >= settings.SESSION_INTERVALLE_ACTIVITE:
                request.session[CLE_ACTIVITE] = maintenant
        return self.get_response(request)


def secondes_restantes(request) -> tuple[int, bool]:
    """(secondes avant la fermeture de la session, prolongeable) : la fin par inactivité (dernière activité
    notée + SESSION_COOKIE_AGE) ou la durée maximale, la plus proche ; prolongeable si c'est l'inactivité."""
    maintenant = int(time.time())
    activite = request.session.get(CLE_ACTIVITE, maintenant)
    debut = request.session.get(CLE_DEBUT_SESSION, maintenant)
    inactivite = activite + settings.SESSION_COOKIE_AGE
    maximum = debut + settings.SESSION_DUREE_MAXIMALE
    return max(min(inactivite, maximum) - maintenant, 0), inactivite < maximum


def prolonger(request) -> None:
    """Note l'activité maintenant : la session est enregistrée et son expiration repoussée."""
    request.session[CLE_ACTIVITE] = int(time.time())


class TailleRequeteMiddleware:
    """Refuse (413) une requête dont le corps annoncé dépasse TAILLE_MAX_REQUETE, avant de le lire.

    DATA_UPLOAD_MAX_MEMORY_SIZE ne compte pas les fichiers téléversés : sans ce plafond, un envoi de plusieurs
    gigaoctets serait écrit sur le disque avant que le formulaire ne le refuse. Le proxy applique la même limite
    (README, « Pile de production » : `client_max_body_size`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > settings.TAILLE_MAX_REQUETE:
            mega = settings.TAILLE_MAX_REQUETE // (1024 * 1024)
            return HttpResponse(
                f"Envoi trop volumineux : {mega} Mo au plus.", status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class BaseIndisponibleMiddleware:
    """Base de données injoignable : page DSFR 503 plutôt qu'une erreur 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) and _base_injoignable(exception):
            prefecture = identite.par_defaut()  # base injoignable : l'identité saisie ne peut être lue
            contenu = render_to_string("503.html", {"IDENTITE": prefecture, "PREFECTURE_NOM": prefecture.nom})
            return HttpResponse(contenu, status=503, headers={"Retry-After": "60"})
        return None


# Les messages d'une vraie panne de connexion (PostgreSQL, SQLite) ; un verrou, un conflit de sérialisation ou
# une base occupée ne sont pas une panne : ce sont des erreurs (500, journalisées), pas la page « base indisponible ».
INDICES_PANNE = (
    "could not connect",
    "connection refused",
    "connection to server",
    "connection timed out",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "no route to host",
    "could not translate host name",
    "unable to open database file",
    "connection already closed",
)


def _base_injoignable(exception: DatabaseError) -> bool:
    texte = str(exception).lower()
    return isinstance(exception, InterfaceError) or any(indice in texte for indice in INDICES_PANNE)
