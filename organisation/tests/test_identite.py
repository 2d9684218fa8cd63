"""Identité de la préfecture, premier démarrage, createsuperuser, import sous une entité et colonne Site."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from organisation.echanges import importer_organisation
from organisation.models import HallAccueil, Prefecture, Role, Service, Site, Utilisateur
from organisation.services.courriels import courriel_programmer
from qualite.identite import identite
from qualite.imports import executer_import

from .factories import HallAccueilFactory, PrefectureFactory, SiteFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_createsuperuser_cree_un_administrateur():
    call_command("createsuperuser", "--noinput", "--username", "premier", "--email", "a@b.invalid", verbosity=0)
    assert Utilisateur.objects.get(username="premier").role == Role.ADMINISTRATEUR


def test_premier_demarrage_l_administrateur_saisit_l_identite(client):
    administrateur = UtilisateurFactory(administrateur=True)
    client.force_login(administrateur)
    assert client.get(reverse("accueil"))["Location"] == reverse("organisation:identite")
    page = client.get(reverse("organisation:identite"))
    assert "Premier démarrage" in page.content.decode()
    reponse = client.post(
        reverse("organisation:identite"),
        {"nom": "Préfecture du Jura", "bloc_marque": "Préfète\r\ndu Jura", "contact_adresse": "Lons-le-Saunier"},
    )
    assert reponse["Location"] == reverse("organisation:organisation")
    prefecture = Prefecture.objects.get()
    assert (prefecture.nom, prefecture.lignes_bloc_marque) == ("Préfecture du Jura", ["Préfète", "du Jura"])
    assert Site.objects.get().nom == "Préfecture du Jura"  # le site principal, créé au premier enregistrement
    accueil = client.get(reverse("accueil"))
    assert accueil.status_code == 200
    contenu = accueil.content.decode()
    assert "Préfète<br>du Jura" in contenu and "Préfecture du Jura" in contenu
    assert "préfecture du jura" not in contenu and "membre du copil" not in contenu


def test_identite_invalide_rien_n_est_ecrit(client):
    client.force_login(UtilisateurFactory(administrateur=True))
    reponse = client.post(reverse("organisation:identite"), {"nom": "", "bloc_marque": ""})
    assert reponse.status_code == 200
    assert "Le formulaire contient" in reponse.content.decode()
    assert not Prefecture.objects.exists()


def test_le_referent_ne_modifie_pas_l_identite_et_n_est_pas_redirige(client):
    client.force_login(UtilisateurFactory(referent=True))
    assert client.get(reverse("organisation:identite")).status_code == 403
    assert client.get(reverse("accueil")).status_code == 200


def test_page_publique_contact_et_halls(client):
    PrefectureFactory()
    HallAccueilFactory(site=SiteFactory(nom="Préfecture du Jura"), nom="Hall principal", horaires="8 h 30 – 16 h")
    contenu = client.get(reverse("resultats:index")).content.decode()
    for attendu in ("Préfète<br>du Jura", "pref-qualite@jura.invalid", "Hall principal", "8 h 30 – 16 h"):
        assert attendu in contenu


def test_hall_ajoute_par_la_page(client):
    site = SiteFactory(nom="Préfecture du Jura")
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(
        reverse("organisation:hall_creer", args=[site.pk]),
        {"nom": "Hall « Immigration »", "adresse": "12 bis rue", "demarches": "Titres de séjour", "ordre": 1},
    )
    assert reponse.status_code == 302
    assert HallAccueil.objects.get().site == site
    assert identite().est_saisie is False  # pas d'identité saisie : les halls seuls ne suffisent pas


def test_les_courriels_sont_signes_du_nom_de_la_prefecture():
    PrefectureFactory()
    courriel, _ = courriel_programmer(destinataires=["a@b.invalid"], sujet="Objet", corps="Bonjour.")
    assert courriel.corps.endswith("-- \nPréfecture du Jura")


def _importer(contenu: str):
    return executer_import(
        importer_organisation,
        simulation=False,
        fichier=io.BytesIO(contenu.encode()),
        nom="organisation.csv",
        utilisateur=None,
        date=datetime.date(2024, 12, 31),
    )


def test_import_service_directement_sous_une_entite_et_colonne_site():
    principal = SiteFactory(nom="Préfecture du Jura")
    SiteFactory(nom="Sous-préfecture de Dole", type=Site.Type.SOUS_PREFECTURE)
    rapport = _importer(
        "entité;direction;service;agents;site\n"
        "Préfecture;;Cabinet du préfet;4;\n"
        "Préfecture;Direction de la citoyenneté;Bureau des titres;12;Préfecture du Jura\n"
        "Sous-préfecture;;Accueil de Dole;3;sous-prefecture de dole\n"
    )
    assert rapport.valide, rapport.erreurs
    cabinet = Service.objects.get(nom="Cabinet du préfet")
    assert (cabinet.parent.nom, cabinet.parent.niveau, cabinet.site) == ("Préfecture", "entite", principal)
    assert Service.objects.get(nom="Accueil de Dole").site.nom == "Sous-préfecture de Dole"
    assert Service.objects.get(nom="Bureau des titres").parent.niveau == "direction"


def test_import_site_inconnu_nomme_la_ligne_et_n_ecrit_rien():
    SiteFactory(nom="Préfecture du Jura")
    rapport = _importer("entité;direction;service;agents;site\nPréfecture;;Cabinet;4;Ailleurs\n")
    assert rapport.erreurs == [
        "Ligne 2 : colonne « Site » : site « Ailleurs » inconnu (créez-le d'abord dans Organisation › Sites)"
    ]
    assert not Service.objects.exists()
