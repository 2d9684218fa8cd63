"""Issue 16, point 6 : authentification comme le demandent l'ANSSI et la CNIL.

Avant la correction : cinq échecs sur des noms au hasard verrouillaient tout le monde derrière la même IP,
n'importe qui verrouillait un compte nommé, une réinitialisation ne levait pas le verrou ; 12 espaces,
« aaaaaaaaaaaa » et le mot de passe de démonstration étaient acceptés ; `charger_demo` tournait en production ;
les courriels de réinitialisation n'étaient pas limités ; le dernier administrateur pouvait être rétrogradé.
"""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisation.models import Role
from organisation.services.comptes import utilisateur_activer, utilisateur_modifier

from .factories import MOT_DE_PASSE_TEST, UtilisateurFactory

pytestmark = pytest.mark.django_db

CONNEXION = reverse("login")


def _connexion(client, nom, mot_de_passe, ip="10.0.0.1"):
    return client.post(CONNEXION, {"username": nom, "password": mot_de_passe}, REMOTE_ADDR=ip)


def test_echecs_sur_des_noms_au_hasard_ne_verrouillent_pas_les_autres(client):
    UtilisateurFactory(username="agent")
    for numero in range(6):
        _connexion(client, f"inconnu{numero}", "mauvais")
    assert _connexion(client, "agent", MOT_DE_PASSE_TEST).status_code == 302


def test_un_compte_nomme_reste_ouvert_depuis_une_autre_ip(client):
    UtilisateurFactory(username="agent")
    for _ in range(5):
        _connexion(client, "agent", "mauvais", ip="203.0.113.9")
    assert "verrouill" in _connexion(client, "agent", MOT_DE_PASSE_TEST, ip="203.0.113.9").text.lower()
    assert _connexion(client, "agent", MOT_DE_PASSE_TEST, ip="10.0.0.1").status_code == 302


def test_ip_derriere_un_proxy_de_confiance(client, settings):
    """Sans proxy de confiance, X-Forwarded-For est ignoré ; avec un proxy, l'IP du client y est lue."""
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    requete = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert get_client_ip_address(requete) == "10.9.9.9"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    requete = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.9.9.9")
    assert get_client_ip_address(requete) == "198.51.100.7"


def test_reinitialisation_reussie_leve_le_verrou(client):
    utilisateur = UtilisateurFactory(username="agent", email="agent@prefecture.invalid")
    for _ in range(5):
        _connexion(client, "agent", "mauvais")
    assert "verrouill" in _connexion(client, "agent", MOT_DE_PASSE_TEST).text.lower()
    client.post(reverse("password_reset"), {"email": utilisateur.email})
    lien = re.search(r"https?://[^/]+(/mot-de-passe/reinitialisation/\S+/)", mail.outbox[0].body)[1]
    formulaire = client.get(lien, follow=True)
    nouveau = "Kq8#zWm2!pLx"
    client.post(formulaire.request["PATH_INFO"], {"new_password1": nouveau, "new_password2": nouveau})
    assert _connexion(client, "agent", nouveau).status_code == 302


@pytest.mark.parametrize(
    "mot_de_passe",
    [" " * 12, "aaaaaaaaaaaa", "abcdefghijkl", "Azerty2024!!", "Motdepasse123!", "Soleil123456#", "ABCDEFGH1234"],
)
def test_mots_de_passe_refuses(mot_de_passe):
    with pytest.raises(ValidationError):
        validate_password(mot_de_passe, user=UtilisateurFactory.build(username="agent"))


@pytest.mark.parametrize("mot_de_passe", ["Kq8#zWm2!pLx", "cheval batterie agrafe correcte violette"])
def test_mots_de_passe_acceptes(mot_de_passe):
    validate_password(mot_de_passe, user=UtilisateurFactory.build(username="agent"))


def test_mot_de_passe_de_demo_refuse_en_production(settings):
    utilisateur = UtilisateurFactory.build(username="agent")
    settings.PRODUCTION = True
    for variante in ("qualite-demo-2026", "Qualite-Demo-2026!"):
        with pytest.raises(ValidationError, match="démonstration|trop simple|caractères"):
            validate_password(variante, user=utilisateur)


def test_charger_demo_refuse_en_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("charger_demo")


def test_courriels_de_reinitialisation_limites(client, settings):
    settings.QUALITE_REINITIALISATIONS_PAR_ADRESSE = 3
    settings.QUALITE_REINITIALISATIONS_PAR_IP = 5
    UtilisateurFactory(username="agent", email="agent@prefecture.invalid")
    for _ in range(6):
        reponse = client.post(reverse("password_reset"), {"email": "agent@prefecture.invalid"})
        assert reponse.status_code == 302
    assert len(mail.outbox) == 3
    UtilisateurFactory(username="autre", email="autre@prefecture.invalid")
    UtilisateurFactory(username="troisieme", email="troisieme@prefecture.invalid")
    for adresse in ("autre@prefecture.invalid", "troisieme@prefecture.invalid"):
        client.post(reverse("password_reset"), {"email": adresse})
    assert len(mail.outbox) == 3  # l'IP a épuisé ses 5 demandes
    client.post(reverse("password_reset"), {"email": "autre@prefecture.invalid"}, REMOTE_ADDR="10.1.1.1")
    assert len(mail.outbox) == 4


def test_dernier_administrateur_ni_retrograde_ni_desactive():
    seul = UtilisateurFactory(username="admin1", role=Role.ADMINISTRATEUR)
    referent = UtilisateurFactory(username="ref", role=Role.REFERENT)
    champs = {"first_name": "", "last_name": "", "email": "a@b.invalid"}
    with pytest.raises(ValidationError, match="dernier administrateur"):
        utilisateur_modifier(auteur=referent, utilisateur=seul, role=Role.REFERENT, **champs)
    with pytest.raises(ValidationError, match="dernier administrateur"):
        utilisateur_activer(auteur=referent, utilisateur=seul, actif=False)
    UtilisateurFactory(username="admin2", role=Role.ADMINISTRATEUR)
    utilisateur_activer(auteur=referent, utilisateur=seul, actif=False)
    seul.refresh_from_db()
    assert seul.is_active is False
