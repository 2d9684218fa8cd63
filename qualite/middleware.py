"""Middlewares du socle : durée maximale de session, base de données indisponible."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

CLE_DEBUT_SESSION = "qualite_debut_session"


class DureeSessionMiddleware:
    """Ferme la session 12 heures après la connexion, même active.

    L'inactivité (30 minutes) est gérée par SESSION_COOKIE_AGE et SESSION_SAVE_EVERY_REQUEST.
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
        return self.get_response(request)


class BaseIndisponibleMiddleware:
    """Base de données injoignable : page DSFR 503 plutôt qu'une erreur 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) and _base_injoignable(exception):
            contenu = render_to_string("503.html", {"PREFECTURE_NOM": settings.PREFECTURE_NOM})
            return HttpResponse(contenu, status=503, headers={"Retry-After": "60"})
        return None


def _base_injoignable(exception: DatabaseError) -> bool:
    texte = str(exception).lower()
    indices = ("connection", "connect", "could not", "server closed", "terminating", "unable to open", "locked")
    return isinstance(exception, InterfaceError) or any(indice in texte for indice in indices)
