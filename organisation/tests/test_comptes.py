"""Sécurité des comptes : verrouillage après 5 échecs, mots de passe, durée des sessions, réinitialisation."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualite.middleware import CLE_ACTIVITE, CLE_DEBUT_SESSION

from .factories import MOT_DE_PASSE_TEST, UtilisateurFactory

pytestmark = pytest.mark.django_db

CONNEXION = reverse("login")


def _se_connecter(client, mot_de_passe: str):
    return client.post(CONNEXION, {"username": "agent", "password": mot_de_passe})


# Verrouillage (django-axes).


def test_verrouillage_apres_cinq_echecs(client):
    UtilisateurFactory(username="agent")
    for _ in range(5):
        reponse = _se_connecter(client, "mauvais-mot-de-passe")
        assert "_auth_user_id" not in client.session
    # Le 6e essai, même avec le bon mot de passe, est refusé.
    reponse = _se_connecter(client, MOT_DE_PASSE_TEST)
    assert reponse.status_code != 302
    assert "_auth_user_id" not in client.session
    assert "verrouill" in reponse.content.decode().lower()


def test_quatre_echecs_puis_succes(client):
    UtilisateurFactory(username="agent")
    for _ in range(4):
        _se_connecter(client, "mauvais-mot-de-passe")
    reponse = _se_connecter(client, MOT_DE_PASSE_TEST)
    assert reponse.status_code == 302
    assert "_auth_user_id" in client.session


# Mots de passe : 12 caractères au moins.


@pytest.mark.parametrize(("mot_de_passe", "accepte"), [("Kq8#zWm2!pL", False), ("Kq8#zWm2!pLx", True)])
def test_longueur_minimale(mot_de_passe, accepte):
    utilisateur = UtilisateurFactory.build(username="agent")
    if accepte:
        validate_password(mot_de_passe, user=utilisateur)
    else:
        with pytest.raises(ValidationError, match="au minimum 12 caractères"):
            validate_password(mot_de_passe, user=utilisateur)


def test_changement_de_mot_de_passe(client):
    utilisateur = UtilisateurFactory(username="agent")
    client.force_login(utilisateur)
    url = reverse("password_change")
    trop_court = client.post(
        url, {"old_password": MOT_DE_PASSE_TEST, "new_password1": "Kq8#zWm2!pL", "new_password2": "Kq8#zWm2!pL"}
    )
    assert trop_court.status_code == 200
    reponse = client.post(
        url, {"old_password": MOT_DE_PASSE_TEST, "new_password1": "Kq8#zWm2!pLx", "new_password2": "Kq8#zWm2!pLx"}
    )
    assert reponse["Location"] == reverse("password_change_done")
    utilisateur.refresh_from_db()
    assert utilisateur.check_password("Kq8#zWm2!pLx")


def test_reinitialisation_du_mot_de_passe(client):
    utilisateur = UtilisateurFactory(username="agent", email="agent@prefecture.invalid")
    reponse = client.post(reverse("password_reset"), {"email": "agent@prefecture.invalid"})
    assert reponse["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["agent@prefecture.invalid"]
    lien = re.search(
        r"https://qualite\.prefecture\.test(/mot-de-passe/reinitialisation/\S+/)", mail.outbox[0].body
    ).group(1)
    formulaire = client.get(lien, follow=True)
    url_saisie = formulaire.redirect_chain[-1][0]
    reponse = client.post(url_saisie, {"new_password1": "Kq8#zWm2!pLx", "new_password2": "Kq8#zWm2!pLx"})
    assert reponse["Location"] == reverse("password_reset_complete")
    utilisateur.refresh_from_db()
    assert utilisateur.check_password("Kq8#zWm2!pLx")


def test_reinitialisation_adresse_inconnue_sans_courriel(client):
    reponse = client.post(reverse("password_reset"), {"email": "inconnu@prefecture.invalid"})
    assert reponse.status_code == 302
    assert not mail.outbox


# Sessions : 30 minutes d'inactivité, 12 heures au plus.


def test_reglages_d_inactivite():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_INTERVALLE_ACTIVITE == 60
    assert settings.SESSION_DUREE_MAXIMALE == 12 * 60 * 60


def _expiration(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def test_l_activite_repousse_l_expiration_une_fois_par_minute(client):
    client.force_login(UtilisateurFactory())
    client.get(reverse("accueil"))
    assert client.session.get_expiry_age() == 30 * 60
    premiere = _expiration(client)
    # Moins d'une minute plus tard : la session n'est pas réécrite (aucune écriture par page).
    client.get(reverse("accueil"))
    assert _expiration(client) == premiere
    # Dernière activité notée il y a plus d'une minute : la requête repousse l'expiration.
    session = client.session
    session[CLE_ACTIVITE] = int(time.time()) - 61
    session.save()
    ecrite = _expiration(client)
    client.get(reverse("accueil"))
    assert _expiration(client) > ecrite
    assert client.session[CLE_ACTIVITE] >= int(time.time()) - 5


@pytest.mark.parametrize(("anciennete", "deconnecte"), [(11 * 3600, False), (12 * 3600 + 60, True)])
def test_duree_maximale_de_session(client, anciennete, deconnecte):
    client.force_login(UtilisateurFactory())
    client.get(reverse("accueil"))
    session = client.session
    session[CLE_DEBUT_SESSION] = int(time.time()) - anciennete
    session.save()
    reponse = client.get(reverse("accueil"))
    if deconnecte:
        assert reponse.status_code == 302
        assert reponse["Location"] == reverse("login")
        assert "_auth_user_id" not in client.session
    else:
        assert reponse.status_code == 200
