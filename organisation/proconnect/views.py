"""Pages de la connexion ProConnect : départ vers ProConnect, retour, refus expliqué, déconnexion."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import motifs

# Clé de session de l'ID token (OIDC_STORE_ID_TOKEN) : l'id_token_hint de la déconnexion.
CLE_ID_TOKEN = "oidc_id_token"


def _exiger_activation() -> None:
    if not settings.OIDC_ACTIVE:
        raise Http404("La connexion ProConnect n'est pas activée.")


class Connexion(OIDCAuthenticationRequestView):
    """Départ vers ProConnect : state, nonce et vérificateur PKCE gardés en session (mozilla-django-oidc)."""

    def dispatch(self, request, *args, **kwargs):
        _exiger_activation()
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)


class Retour(OIDCAuthenticationCallbackView):
    """Retour de ProConnect : le code échangé, les jetons vérifiés, l'agent connecté ou son refus expliqué."""

    def dispatch(self, request, *args, **kwargs):
        _exiger_activation()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        etat = request.GET.get("state")
        if request.GET.get("error"):
            request.proconnect_motif = motifs.ANNULE
        elif "code" in request.GET and etat not in request.session.get("oidc_states", {}):
            # State inconnu (forgé, rejoué, ou d'un autre navigateur) : refus expliqué, pas d'erreur 400.
            request.proconnect_motif = motifs.ETAT
            return self.login_failure()
        return super().get(request)

    def login_failure(self):
        self.request.session[motifs.CLE_REFUS] = {
            "motif": getattr(self.request, "proconnect_motif", motifs.ECHEC),
            "email": getattr(self.request, "proconnect_email", ""),
        }
        return redirect("proconnect_refus")


def refus(request: HttpRequest) -> HttpResponse:
    """Pourquoi la connexion ProConnect n'a pas abouti (agent sans compte, compte désactivé…)."""
    _exiger_activation()
    dernier = request.session.get(motifs.CLE_REFUS) or {}
    explication = motifs.motif(dernier.get("motif", motifs.ECHEC))
    return render(
        request,
        "registration/proconnect_refus.html",
        {"titre": explication.titre, "explication": explication, "email": dernier.get("email", "")},
    )


class Deconnexion(auth_views.LogoutView):
    """Déconnexion : la session de l'application, puis celle de ProConnect si l'agent s'y était connecté
    (end_session avec id_token_hint ; ProConnect le ramène ensuite à la page de connexion)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(CLE_ID_TOKEN)
        reponse = super().post(request, *args, **kwargs)
        if not (id_token and settings.OIDC_ACTIVE):
            return reponse
        parametres = {
            "id_token_hint": id_token,
            "state": get_random_string(32),
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
        return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(parametres)}")
