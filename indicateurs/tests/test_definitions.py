"""Définitions des indicateurs dans le navigateur : création, modification, désactivation, catalogue."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from indicateurs.models import Indicateur
from indicateurs.services import catalogue, rappels_mesures_manquantes
from organisation.tests.factories import ServiceFactory, UtilisateurFactory

from .factories import IndicateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent(client):
    utilisateur = UtilisateurFactory(referent=True)
    client.force_login(utilisateur)
    return utilisateur


def _donnees(**autres):
    return {
        "code": "appels_perdus",
        "libelle": "Taux d'appels perdus",
        "type_calcul": "ratio",
        "unite": "%",
        "sens": "max",
        "cible": "10",
        "seuil_alerte": "8",
        "periodicite": "mensuelle",
        "ordre": 0,
        **autres,
    }


def test_creer_un_indicateur(client, referent):
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    page = client.get(reverse("indicateurs:creer"))
    assert "Nouvel indicateur" in page.content.decode()
    reponse = client.post(reverse("indicateurs:creer"), _donnees(service_recueil=service.pk, date_debut="01/01/2024"))
    assert reponse["Location"] == reverse("indicateurs:detail", args=["appels_perdus"])
    indicateur = Indicateur.objects.get(code="appels_perdus")
    assert (indicateur.cible, indicateur.seuil_alerte, indicateur.service_recueil) == (10, 8, service)
    assert indicateur.date_debut == datetime.date(2024, 1, 1)
    assert "enregistré" in [str(m) for m in get_messages(reponse.wsgi_request)][0]


@pytest.mark.parametrize(
    ("autres", "champ", "message"),
    [
        ({"seuil_alerte": "12"}, "seuil_alerte", "Cible maximale : le seuil d'alerte est inférieur ou égal"),
        ({"sens": ""}, "sens", "Indiquez si la cible est un maximum ou un minimum."),
        ({"date_debut": "01/02/2024", "date_fin": "01/01/2024"}, "date_fin", "La fin du suivi précède son début."),
        ({"code": "pas un code"}, "code", ""),
    ],
)
def test_definition_invalide_rien_n_est_ecrit(client, referent, autres, champ, message):
    reponse = client.post(reverse("indicateurs:creer"), _donnees(**autres))
    assert reponse.status_code == 200
    assert champ in reponse.context["form"].errors
    assert message in " ".join(reponse.context["form"].errors[champ])
    assert not Indicateur.objects.exists()


def test_modifier_puis_desactiver(client, referent):
    indicateur = IndicateurFactory(code="pan", libelle="PAN", type_calcul="nombre")
    reponse = client.post(
        reverse("indicateurs:modifier", args=["pan"]), _donnees(code="pan", libelle="Fréquentation PAN", sens="")
    )
    assert reponse.status_code == 200  # une cible sans sens est refusée
    reponse = client.post(
        reverse("indicateurs:modifier", args=["pan"]),
        _donnees(code="pan", libelle="Fréquentation PAN", type_calcul="nombre", cible="", seuil_alerte="", sens=""),
    )
    assert reponse.status_code == 302
    indicateur.refresh_from_db()
    assert indicateur.libelle == "Fréquentation PAN"
    reponse = client.post(reverse("indicateurs:desactiver", args=["pan"]))
    indicateur.refresh_from_db()
    assert indicateur.date_fin is not None
    assert client.get(reverse("indicateurs:desactiver", args=["pan"])).status_code == 405


def test_un_indicateur_desactive_n_est_plus_rappele():
    IndicateurFactory(code="pan", type_calcul="nombre", date_fin=datetime.date(2024, 1, 31))
    UtilisateurFactory(referent=True)
    assert rappels_mesures_manquantes(aujourdhui=datetime.date(2024, 3, 12)) == 0


def test_catalogue_ajoute_en_un_clic(client, referent):
    codes = {modele["code"] for modele in catalogue()}
    assert {
        "appels_perdus",
        "reclamations_taux_reponse",
        "reclamations_delai",
        "infos_generales_taux_reponse",
        "infos_generales_delai",
        "pan_frequentation",
        "appels_mysteres_positifs",
        "satisfaction_globale",
    } <= codes
    page = client.get(reverse("indicateurs:catalogue")).content.decode()
    assert "appels perdus (standard)" in page
    reponse = client.post(reverse("indicateurs:catalogue_ajouter", args=["reclamations_delai"]))
    assert reponse["Location"] == reverse("indicateurs:modifier", args=["reclamations_delai"])
    indicateur = Indicateur.objects.get(code="reclamations_delai")
    assert (indicateur.type_calcul, indicateur.sens, indicateur.cible) == ("delai_moyen", "max", 5)
    client.post(reverse("indicateurs:catalogue_ajouter", args=["reclamations_delai"]))
    assert Indicateur.objects.filter(code="reclamations_delai").count() == 1
    assert client.post(reverse("indicateurs:catalogue_ajouter", args=["inconnu"])).status_code == 404


def test_le_correspondant_ne_definit_pas(client):
    client.force_login(UtilisateurFactory(correspondant=True))
    assert client.get(reverse("indicateurs:creer")).status_code == 403
    assert client.post(reverse("indicateurs:catalogue_ajouter", args=["appels_perdus"])).status_code == 403
    assert not Indicateur.objects.exists()
