"""Déclaration d'accessibilité générée depuis l'auto-audit (modèle légal), plan du site, mots de passe en DSFR,
résumé des erreurs et prolongation de la session (pages du socle, vues avec des comptes de l'organisation)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from organisation.tests.factories import MOT_DE_PASSE_TEST, PrefectureFactory, UtilisateurFactory
from qualite.accessibilite import audit
from qualite.formatage import pourcent


@pytest.mark.django_db
def test_la_declaration_suit_le_modele_legal(client):
    resultat = audit()
    page = unescape(client.get(reverse("accessibilite")).content.decode())
    texte = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    etat = f"est {resultat.etat} avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1"
    assert etat in texte
    assert f"révèle que {pourcent(resultat.taux, 1)} des critères".replace("\xa0", " ") in texte
    assert f"Cette déclaration a été établie le {resultat.date:%d/%m/%Y}." in texte
    for titre in (
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Technologies utilisées",
        "Environnement de test",
        "Outils pour évaluer l'accessibilité",
        "Pages de l'application ayant fait l'objet de la vérification de conformité",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert titre in texte, titre
    for critere in resultat.non_conformites:
        assert f"Critère {critere.numero}" in texte
    for page_auditee in resultat.echantillon:
        assert page_auditee.nom in texte
    # Les quatre moyens de joindre le Défenseur des droits.
    assert "formulaire en ligne du Défenseur des droits" in texte
    assert "délégué du Défenseur des droits dans votre région" in texte
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in texte
    assert "09 69 39 00 00" in texte
    # La grille : chaque critère, son verdict et sa méthode.
    assert page.count('<th scope="row">') == 106
    assert f"Accessibilité : {resultat.etat}" in texte  # le pied de page dit la même chose


@pytest.mark.django_db
def test_la_declaration_donne_le_contact_saisi(client):
    PrefectureFactory(contact_courriel="qualite@exemple.gouv.fr", contact_telephone="01 02 03 04 05")
    texte = client.get(reverse("accessibilite")).content.decode()
    assert 'Courriel : <a href="mailto:qualite@exemple.gouv.fr">' in texte
    assert "Téléphone : 01 02 03 04 05" in texte


@pytest.mark.django_db
def test_plan_du_site_liste_le_menu_du_compte_et_les_pages_publiques(client):
    anonyme = client.get(reverse("plan_du_site")).content.decode()
    assert reverse("resultats:index") in anonyme and reverse("login") in anonyme
    client.force_login(UtilisateurFactory(username="copil-plan"))
    page = client.get(reverse("plan_du_site"))
    contenu = unescape(page.content.decode())
    for entree in page.context["navigation"]:
        assert f'<a href="{entree["url"]}">{entree["libelle"]}</a>' in contenu
    assert page.context["navigation"]
    assert reverse("plan_du_site") in contenu  # le lien du pied de page, sur chaque page


@pytest.mark.django_db
def test_champs_de_mot_de_passe_rendus_en_dsfr_et_formulaire_de_reinitialisation_soumis(app):
    """RGAA 3.3 : les champs des pages de mot de passe sont des fr-input (bordés), dans leur groupe DSFR."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests_outils.formulaires import formulaire

    compte = UtilisateurFactory(username="agent-dsfr")
    page = app.get(reverse("password_change"), user=compte)
    for nom in ("old_password", "new_password1", "new_password2"):
        champ = page.html.select_one(f"input[name={nom}]")
        assert "fr-input" in champ["class"] and champ.find_parent(class_="fr-input-group")
    assert "fr-input" in app.get(reverse("password_reset")).html.select_one("input[name=email]")["class"]
    app.reset()
    compte.refresh_from_db()  # la connexion a changé last_login, qui entre dans le jeton
    uid, jeton = urlsafe_base64_encode(force_bytes(compte.pk)), default_token_generator.make_token(compte)
    page = app.get(reverse("password_reset_confirm", args=[uid, jeton]))
    page = page.follow() if page.status_code == 302 else page  # le jeton passe de l'adresse à la session
    form = formulaire(page, "new_password1", "new_password2")
    assert "fr-input" in page.html.select_one("input[name=new_password1]")["class"]
    form["new_password1"] = form["new_password2"] = "une phrase de passe solide 2026"
    assert form.submit().status_code == 302
    compte.refresh_from_db()
    assert compte.check_password("une phrase de passe solide 2026") and not compte.check_password(MOT_DE_PASSE_TEST)


@pytest.mark.django_db
def test_un_mot_de_passe_refuse_est_nomme_dans_le_resume_relie_au_champ(app):
    compte = UtilisateurFactory(username="agent-resume")
    page = app.get(reverse("password_change"), user=compte)
    form = page.forms[[cle for cle, f in page.forms.items() if "old_password" in f.fields][0]]
    form["old_password"] = "pas le bon"
    reponse = form.submit()
    assert reponse.status_code == 200
    resume = reponse.html.select_one("[role=alert] a[href='#id_old_password']")
    assert resume and "Ancien mot de passe" in resume.get_text()


@pytest.mark.django_db
def test_rester_connecte_repousse_la_fin_de_session(client, settings):
    import time
    from types import SimpleNamespace

    from qualite.middleware import CLE_ACTIVITE, CLE_DEBUT_SESSION, secondes_restantes

    client.force_login(UtilisateurFactory(username="agent-session"))
    page = client.get(reverse("plan_du_site"))
    assert 0 < page.context["SESSION_RESTANT"] <= settings.SESSION_COOKIE_AGE
    assert 'id="qualite-session"' in page.content.decode() and "qualite/session.js" in page.content.decode()
    maintenant = int(time.time())
    # Dernière activité notée il y a 29 min 20 s : plus que 40 s ; près des 12 heures, la durée maximale l'emporte.
    session = {CLE_ACTIVITE: maintenant - settings.SESSION_COOKIE_AGE + 40, CLE_DEBUT_SESSION: maintenant - 60}
    assert secondes_restantes(SimpleNamespace(session=session)) == (40, True)
    session[CLE_DEBUT_SESSION] = maintenant - settings.SESSION_DUREE_MAXIMALE + 20
    assert secondes_restantes(SimpleNamespace(session=session)) == (20, False)
    reponse = client.post(reverse("session_prolonger"), headers={"X-Requested-With": "fetch"})
    assert reponse.json()["restant"] >= settings.SESSION_COOKIE_AGE - 1 and reponse.json()["prolongeable"]
    # Sans script : retour à la page, jamais vers un autre site.
    assert client.post(reverse("session_prolonger"), {"retour": "/plan-du-site/"})["Location"] == "/plan-du-site/"
    assert client.post(reverse("session_prolonger"), {"retour": "https://ailleurs.invalid/"})["Location"] == "/"


@pytest.mark.django_db
def test_pas_d_avertissement_de_session_sans_connexion(client):
    contenu = client.get(reverse("plan_du_site")).content.decode()
    assert 'id="qualite-session"' not in contenu and "qualite/session.js" not in contenu
