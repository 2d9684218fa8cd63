"""Pages du socle : déclaration d'accessibilité, plan du site, pages d'erreur."""

import hashlib

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import identite
from .accessibilite import audit
from .formatage import pourcent
from .forms import MotDePasseOublieForm
from .liens import domaine_et_securite
from .middleware import prolonger, secondes_restantes


def accessibilite(request: HttpRequest) -> HttpResponse:
    """La déclaration au modèle légal, calculée depuis l'auto-audit du dépôt."""
    resultat = audit()
    contexte = {
        "titre": "Déclaration d'accessibilité",
        "audit": resultat,
        "taux": pourcent(resultat.taux, 1),
        "conformes": resultat.par_verdict("C"),
        "non_applicables": resultat.par_verdict("NA"),
    }
    return render(request, "qualite/accessibilite.html", contexte)


def plan_du_site(request: HttpRequest) -> HttpResponse:
    """Second moyen de trouver une page (RGAA 12.1) : les espaces du menu du compte et les pages publiques."""
    return render(request, "qualite/plan_du_site.html", {"titre": "Plan du site"})


@require_POST
@login_required
def session_prolonger(request: HttpRequest) -> HttpResponse:
    """« Rester connecté » (RGAA 13.1) : repousse la fin de session ; JSON pour le script, sinon retour à la page."""
    prolonger(request)
    restant, prolongeable = secondes_restantes(request)
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"restant": restant, "prolongeable": prolongeable})
    retour = request.POST.get("retour", "")
    if not url_has_allowed_host_and_scheme(
        retour, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        retour = "/"
    return redirect(retour)


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

    form_class = MotDePasseOublieForm

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
