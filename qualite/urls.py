from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from . import views
from .annees import ConvertisseurAnnee
from .forms import ChangementMotDePasseForm, NouveauMotDePasseForm

register_converter(ConvertisseurAnnee, "annee")

urlpatterns = [
    path("", include("pilotage.urls.accueil")),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
    path("session/prolonger/", views.session_prolonger, name="session_prolonger"),
    path("sante/", views.sante, name="sante"),
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("", include("organisation.proconnect.urls")),
    path(
        "mot-de-passe/",
        auth_views.PasswordChangeView.as_view(form_class=ChangementMotDePasseForm),
        name="password_change",
    ),
    path("mot-de-passe/modifie/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("mot-de-passe/oubli/", views.MotDePasseOublie.as_view(), name="password_reset"),
    path("mot-de-passe/oubli/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/reinitialisation/<uidb64>/<token>/",
        views.ReinitialisationMotDePasse.as_view(form_class=NouveauMotDePasseForm),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/reinitialise/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("organisation.urls")),
    path("referentiels/", include("engagements.urls")),
    path("audits/", include("audits.urls")),
    path("plan-actions/", include("plan_actions.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("enquetes/", include("enquetes.urls")),
    path("pilotage/", include("pilotage.urls")),
    path("resultats/", include("pilotage.urls.resultats")),
    path("bilan/", include("bilan.urls")),
]

handler500 = "qualite.views.erreur_serveur"
