"""Pages du socle : déclaration d'accessibilité, pages d'erreur."""

import hashlib

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from . import identite
from .liens import domaine_et_securite


def accessibilite(request: HttpRequest) -> HttpResponse:
    return render(request, "qualite/accessibilite.html", {"titre": "Déclaration d'accessibilité"})


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    """Page 500 rendue sans base de données ni processeurs de contexte."""
    prefecture = identite.par_defaut()
    contenu = render_to_string(
        "500.html", {"IDENTITE": prefecture, "PREFECTURE_NOM": prefecture.nom, "SITE_TITRE": settings.SITE_TITRE}
    )
    return HttpResponseServerError(contenu)


def sante(request: HttpRequest) -> JsonResponse:
    """Sonde de santé (docker-compose, supervision) : l'application et sa base répondent-elles ?"""
    try:
        with connection.cursor() as curseur:
            curseur.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"statut": "base indisponible"}, status=503)
    return JsonResponse({"statut": "ok"})


def _reinitialisation_permise(request: HttpRequest, adresse: str) -> bool:
    """Au plus QUALITE_REINITIALISATIONS_PAR_ADRESSE courriels par adresse et QUALITE_REINITIALISATIONS_PAR_IP
    par adresse IP sur QUALITE_REINITIALISATIONS_PERIODE secondes (compteurs dans le cache)."""
    periode = settings.QUALITE_REINITIALISATIONS_PERIODE
    cles = {
        f"reinit:adresse:{hashlib.sha256(adresse.strip().lower().encode()).hexdigest()}": (
            settings.QUALITE_REINITIALISATIONS_PAR_ADRESSE
        ),
        f"reinit:ip:{get_client_ip_address(request) or 'inconnue'}": settings.QUALITE_REINITIALISATIONS_PAR_IP,
    }
    permise = True
    for cle, limite in cles.items():
        cache.add(cle, 0, periode)
        try:
            compte = cache.incr(cle)
        except ValueError:  # expirée entre add et incr
            cache.set(cle, 1, periode)
            compte = 1
        permise = permise and compte <= limite
    return permise


class MotDePasseOublie(auth_views.PasswordResetView):
    """« Mot de passe oublié » : le lien du courriel part de SITE_URL, jamais de l'hôte de la requête ; les envois
    sont limités par adresse et par IP (au-delà, la même page « envoyé » s'affiche, sans courriel)."""

    def form_valid(self, form):
        if not _reinitialisation_permise(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        domaine, securise = domaine_et_securite()
        self.extra_email_context = {
            "domain": domaine,
            "site_name": domaine,
            "protocol": "https" if securise else "http",
        }
        return super().form_valid(form)


class ReinitialisationMotDePasse(auth_views.PasswordResetConfirmView):
    """Le nouveau mot de passe choisi par le lien du courriel : il lève aussi le verrouillage du compte (axes)."""

    def form_valid(self, form):
        reponse = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return reponse
