"""Les formulaires de l'organisation, des comptes et de la connexion soumis tels qu'affichés (WebTest)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from webtest import Upload

from organisation import demo
from organisation.models import Effectif, Role, Service, Site, Utilisateur
from organisation.selectors import organisation_a_date
from tests_outils.formulaires import formulaire, soumettre

from .factories import MOT_DE_PASSE_TEST, ServiceFactory, SiteFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db

MOT_DE_PASSE_SOLIDE = "Kq8#zWm2!pLx-2026"


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_effectif_d_un_service_puis_organisation_a_cette_date(app, referent):
    entite = ServiceFactory(nom="Préfecture", entite=True)
    service = ServiceFactory(nom="Secrétariat", parent=ServiceFactory(direction=True, parent=entite, site=entite.site))
    url = reverse("organisation:effectif_saisir", args=[service.pk])
    reponse = soumettre(app, url, referent, {"date": "31/12/2023", "agents": "4"})
    assert reponse.status_code == 302
    assert Effectif.objects.get(service=service).agents == 4
    soumettre(app, url, referent, {"date": "31/12/2022", "agents": "3"})
    form = formulaire(app.get(reverse("organisation:organisation"), user=referent), "date")
    form["date"] = "2022-12-31"
    assert "31/12/2022" in form.submit()


def test_creer_et_modifier_un_service_et_un_site(app, referent):
    site = SiteFactory()
    direction = ServiceFactory(
        nom="Direction du cabinet", direction=True, parent=ServiceFactory(entite=True, site=site)
    )
    valeurs = {"nom": "Bureau des élections", "niveau": "service", "parent": direction.pk, "site": site.pk}
    soumettre(app, reverse("organisation:service_creer"), referent, valeurs)
    service = Service.objects.get(nom="Bureau des élections")
    soumettre(app, reverse("organisation:service_modifier", args=[service.pk]), referent, {"nom": "Bureau électoral"})
    service.refresh_from_db()
    assert service.nom == "Bureau électoral" and service.parent == direction
    valeurs = {"nom": "Sous-préfecture de Saint-Claude", "type": "sous_prefecture"}
    soumettre(app, reverse("organisation:site_creer"), referent, valeurs)
    site = Site.objects.get(nom="Sous-préfecture de Saint-Claude")
    soumettre(app, reverse("organisation:site_modifier", args=[site.pk]), referent, {"adresse": "Saint-Claude"})
    site.refresh_from_db()
    assert site.adresse == "Saint-Claude"


def test_importer_l_organisation(app, referent):
    SiteFactory()
    page = app.get(reverse("organisation:importer"), user=referent)
    form = formulaire(page, "date")
    form["date"] = "31/12/2022"
    page_date = form.submit()
    form = formulaire(page_date, "fichier")
    form["fichier"] = Upload(str(demo.FICHIER))
    apercu = form.submit()
    assert "Aperçu : rien n'est encore enregistré" in apercu and not Effectif.objects.exists()
    formulaire(apercu, "jeton").submit()
    assert organisation_a_date(datetime.date(2022, 12, 31)).total == 181


def test_comptes_filtrer_creer_modifier(app, referent):
    UtilisateurFactory(username="membre-copil", first_name="Paul")
    form = formulaire(app.get(reverse("organisation:utilisateur_list"), user=referent), "role")
    form["role"] = Role.COPIL
    assert "membre-copil" in form.submit()
    valeurs = {
        "username": "mdupont",
        "first_name": "Marie",
        "last_name": "Dupont",
        "email": "marie.dupont@prefecture.invalid",
        "role": Role.COPIL,
        "mode": "courriel",
    }
    soumettre(app, reverse("organisation:utilisateur_creer"), referent, valeurs)
    compte = Utilisateur.objects.get(username="mdupont")
    assert not compte.has_usable_password() and len(mail.outbox) == 1
    url = reverse("organisation:utilisateur_modifier", args=[compte.pk])
    soumettre(app, url, referent, {"fonction": "Cheffe de bureau"})
    compte.refresh_from_db()
    assert compte.fonction == "Cheffe de bureau" and compte.role == Role.COPIL
    # Le titulaire suit le lien du courriel et choisit son mot de passe par la page.
    lien = re.search(r"https?://[^/\s]+(/mot-de-passe/reinitialisation/\S+/)", mail.outbox[0].body).group(1)
    page = app.get(lien).follow()
    reponse = soumettre_page(page, {"new_password1": MOT_DE_PASSE_SOLIDE, "new_password2": MOT_DE_PASSE_SOLIDE})
    assert reponse.status_code == 302
    compte.refresh_from_db()
    assert compte.check_password(MOT_DE_PASSE_SOLIDE)


def soumettre_page(page, valeurs):
    form = formulaire(page, *valeurs)
    for nom, valeur in valeurs.items():
        form[nom] = valeur
    return form.submit()


def test_connexion_changement_et_oubli_du_mot_de_passe(app):
    compte = UtilisateurFactory(username="agent", email="agent@prefecture.invalid")
    page = app.get(reverse("login"))
    reponse = soumettre_page(page, {"username": "agent", "password": MOT_DE_PASSE_TEST})
    assert reponse.status_code == 302
    page = app.get(reverse("password_change"))
    valeurs = {
        "old_password": MOT_DE_PASSE_TEST,
        "new_password1": MOT_DE_PASSE_SOLIDE,
        "new_password2": MOT_DE_PASSE_SOLIDE,
    }
    assert soumettre_page(page, valeurs).status_code == 302
    compte.refresh_from_db()
    assert compte.check_password(MOT_DE_PASSE_SOLIDE)
    app.reset()
    reponse = soumettre_page(app.get(reverse("password_reset")), {"email": "agent@prefecture.invalid"})
    assert reponse.status_code == 302 and len(mail.outbox) == 1


def test_identite_de_la_prefecture_puis_un_hall_d_accueil(app):
    from organisation.models import HallAccueil, Prefecture

    administrateur = UtilisateurFactory(administrateur=True)
    valeurs = {
        "nom": "Préfecture du Jura",
        "bloc_marque": "Préfète\ndu Jura",
        "contact_courriel": "accueil@jura.invalid",
    }
    reponse = soumettre(app, reverse("organisation:identite"), administrateur, valeurs)
    assert reponse.status_code == 302
    prefecture = Prefecture.objects.get()
    assert (prefecture.nom, prefecture.bloc_marque) == ("Préfecture du Jura", "Préfète\ndu Jura")
    site = Site.objects.get()  # le premier enregistrement crée le site principal
    url = reverse("organisation:hall_creer", args=[site.pk])
    soumettre(app, url, administrateur, {"nom": "Hall principal", "adresse": "8 rue de la Préfecture, Lons-le-Saunier"})
    hall = HallAccueil.objects.get(site=site)
    assert hall.adresse == "8 rue de la Préfecture, Lons-le-Saunier"
    soumettre(app, reverse("organisation:hall_modifier", args=[hall.pk]), administrateur, {"horaires": "9 h – 16 h"})
    hall.refresh_from_db()
    assert (hall.nom, hall.horaires) == ("Hall principal", "9 h – 16 h")


def test_identite_invalide_rien_d_ecrit(app):
    from organisation.models import Prefecture

    reponse = soumettre(app, reverse("organisation:identite"), UtilisateurFactory(administrateur=True), {"nom": ""})
    assert reponse.status_code == 200
    assert not Prefecture.objects.exists()
