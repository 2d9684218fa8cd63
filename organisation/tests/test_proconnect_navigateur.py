"""Connexion ProConnect dans un vrai navigateur, contre un vrai fournisseur OpenID Connect local configuré comme
ProConnect (oidc-provider : code d'autorisation + PKCE, ID token et userinfo signés, acr eidas1, siret)."""

import io
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse

from organisation import demo
from organisation.models import Utilisateur
from organisation.tests.factories import UtilisateurFactory
from qualite.middleware import CLE_DEBUT_SESSION
from tests_outils.navigateur import decrire, se_connecter, violations_axe
from tests_outils.proconnect import brancher, fournisseur_local

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

EXPIRE = "jeton.expire@interieur.gouv.fr"
COMPTES = {
    "referent@demo.invalid": {"given_name": "Camille", "usual_name": "Référente", "uid": "agent-referent"},
    EXPIRE: {"jeton_expire": True},
}


@pytest.fixture(scope="module")
def fournisseur(live_server, tmp_path_factory):
    with fournisseur_local(
        adresse_application=live_server.url, comptes=COMPTES, dossier=tmp_path_factory.mktemp("proconnect")
    ) as fournisseur:
        yield fournisseur


@pytest.fixture
def proconnect(settings, fournisseur):
    brancher(settings, fournisseur.issuer)
    return fournisseur


def _connexion_proconnect(page, base_url: str, email: str) -> None:
    """Page de connexion de l'application → ProConnect (adresse de l'agent) → retour à l'application."""
    page.goto(f"{base_url}/connexion/")
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    page.get_by_label("Adresse électronique professionnelle").fill(email)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state("load")


def _aucune_session_ouverte() -> bool:
    return all(SESSION_KEY not in session.get_decoded() for session in Session.objects.all())


def _sans_violation(page) -> None:
    violations = violations_axe(page)
    assert not violations, decrire(violations)


def test_le_referent_de_demo_se_connecte_par_proconnect_et_arrive_sur_le_tableau_de_bord(
    live_server, navigateur, proconnect
):
    demo.charger(stdout=io.StringIO())
    page = navigateur.new_page()
    demandes = []
    page.on("request", lambda requete: demandes.append(requete.url))

    _connexion_proconnect(page, live_server.url, "referent@demo.invalid")

    assert page.url == f"{live_server.url}{reverse('accueil')}"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tableau de bord")
    _sans_violation(page)
    # La demande d'autorisation est celle de ProConnect : PKCE S256, acr eidas1, claims de l'agent.
    autorisation = next(url for url in demandes if url.startswith(f"{proconnect.issuer}/authorize"))
    parametres = {cle: valeurs[0] for cle, valeurs in parse_qs(urlsplit(autorisation).query).items()}
    assert parametres["code_challenge_method"] == "S256" and len(parametres["code_challenge"]) == 43
    assert parametres["acr_values"] == "eidas1"
    assert set(parametres["scope"].split()) == {"openid", "email", "given_name", "usual_name", "uid", "siret", "idp_id"}
    assert parametres["nonce"] and parametres["state"]
    session = Session.objects.get().get_decoded()
    referent = Utilisateur.objects.get(username="referent")
    assert session[SESSION_KEY] == str(referent.pk)
    # Les règles de session s'appliquent : durée maximale comptée depuis la connexion (qualite.middleware).
    assert CLE_DEBUT_SESSION in session
    assert Utilisateur.objects.count() == len(demo.COMPTES_DEMO)


def test_la_deconnexion_termine_aussi_la_session_proconnect(live_server, navigateur, proconnect):
    demo.charger(stdout=io.StringIO())
    page = navigateur.new_page()
    _connexion_proconnect(page, live_server.url, "referent@demo.invalid")
    assert page.url == f"{live_server.url}{reverse('accueil')}"
    demandes = []
    page.on("request", lambda requete: demandes.append(requete.url))

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/connexion/**")

    fin = next(url for url in demandes if url.startswith(f"{proconnect.issuer}/session/end"))
    parametres = parse_qs(urlsplit(fin).query)
    assert parametres["id_token_hint"][0].count(".") == 2
    assert parametres["post_logout_redirect_uri"] == [f"{live_server.url}/connexion/"]
    assert _aucune_session_ouverte()
    # La session ProConnect est close : une nouvelle connexion redemande l'adresse de l'agent.
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    assert page.get_by_label("Adresse électronique professionnelle").is_visible()


def test_un_agent_inconnu_arrive_sur_la_page_compte_a_creer_et_rien_n_est_cree(live_server, navigateur, proconnect):
    UtilisateurFactory(username="autre", email="autre@prefecture.invalid")
    page = navigateur.new_page()
    page.goto(f"{live_server.url}/connexion/")
    _sans_violation(page)  # la page de connexion, avec ProConnect à côté du mot de passe

    _connexion_proconnect(page, live_server.url, "nouvel.agent@interieur.gouv.fr")

    assert page.url == f"{live_server.url}{reverse('proconnect_refus')}"
    assert page.get_by_role("heading", level=1).inner_text() == "Compte à créer par le référent"
    assert "nouvel.agent@interieur.gouv.fr" in page.content()
    _sans_violation(page)
    assert list(Utilisateur.objects.values_list("username", flat=True)) == ["autre"]
    assert _aucune_session_ouverte()


def test_un_compte_desactive_est_refuse(live_server, navigateur, proconnect):
    UtilisateurFactory(username="parti", email="Agent.Parti@interieur.gouv.fr", is_active=False)
    page = navigateur.new_page()

    _connexion_proconnect(page, live_server.url, "agent.parti@interieur.gouv.fr")

    assert page.url == f"{live_server.url}{reverse('proconnect_refus')}"
    assert page.get_by_role("heading", level=1).inner_text() == "Compte désactivé"
    assert _aucune_session_ouverte()


def test_un_state_faux_est_refuse(live_server, navigateur, proconnect):
    UtilisateurFactory(username="agent", email="agent@interieur.gouv.fr")
    page = navigateur.new_page()

    origine = proconnect.issuer.removesuffix("/api/v2")

    def falsifier(route):
        # Playwright ne route pas les redirections qui suivent une requête : on suit soi-même celles du
        # fournisseur, et l'adresse qui ramène à l'application reçoit un state forgé.
        reponse = route.fetch(max_redirects=0)
        destination = reponse.headers.get("location", "")
        while destination.startswith(origine):
            destination = page.context.request.get(destination, max_redirects=0).headers.get("location", "")
        adresse = urlsplit(destination)
        parametres = {cle: valeurs[0] for cle, valeurs in parse_qs(adresse.query).items()}
        parametres["state"] = "state-forge-par-un-attaquant"
        route.fulfill(status=303, headers={"location": urlunsplit(adresse._replace(query=urlencode(parametres)))})

    page.route(f"{origine}/interaction/**", falsifier)

    _connexion_proconnect(page, live_server.url, "agent@interieur.gouv.fr")

    assert page.url == f"{live_server.url}{reverse('proconnect_refus')}"
    assert page.get_by_role("heading", level=1).inner_text() == "Demande de connexion non reconnue"
    assert _aucune_session_ouverte()


def test_un_jeton_expire_est_refuse(live_server, navigateur, proconnect):
    UtilisateurFactory(username="expire", email=EXPIRE)
    page = navigateur.new_page()

    _connexion_proconnect(page, live_server.url, EXPIRE)

    assert page.url == f"{live_server.url}{reverse('proconnect_refus')}"
    assert page.get_by_role("heading", level=1).inner_text() == "Connexion expirée"
    assert _aucune_session_ouverte()


@pytest.mark.parametrize(
    "parametres", [["username", "ip_address"], [["username", "ip_address"]]], ids=["identifiant-ou-ip", "couple"]
)
def test_un_compte_verrouille_ne_se_connecte_pas_davantage_par_proconnect(
    live_server, navigateur, proconnect, settings, parametres
):
    """Verrouillé par identifiant ou adresse IP, ou par le couple des deux : ProConnect ne contourne pas axes."""
    settings.AXES_LOCKOUT_PARAMETERS = parametres
    UtilisateurFactory(username="verrouille", email="verrouille@interieur.gouv.fr")
    page = navigateur.new_page()
    for _ in range(5):
        se_connecter(page, live_server.url, "verrouille", "mauvais-mot-de-passe")

    _connexion_proconnect(page, live_server.url, "verrouille@interieur.gouv.fr")

    assert page.get_by_role("heading", level=1).inner_text() == "Compte verrouillé"
    assert _aucune_session_ouverte()


def test_chaque_refus_compte_comme_un_echec_de_connexion(live_server, navigateur, proconnect):
    page = navigateur.new_page()

    _connexion_proconnect(page, live_server.url, "nouvel.agent@interieur.gouv.fr")

    assert page.get_by_role("heading", level=1).inner_text() == "Compte à créer par le référent"
    assert list(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == [1]


def test_l_agent_revient_a_la_page_demandee_avant_sa_connexion(live_server, navigateur, proconnect):
    demo.charger(stdout=io.StringIO())
    page = navigateur.new_page()
    page.goto(f"{live_server.url}{reverse('plan_actions:liste')}")
    assert urlsplit(page.url).path == reverse("login")

    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    page.get_by_label("Adresse électronique professionnelle").fill("referent@demo.invalid")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state("load")

    assert page.url == f"{live_server.url}{reverse('plan_actions:liste')}"
