"""Écoute des usagers : registre, taux de réponse et délai moyen calculés depuis lui, pages et droits."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from enquetes import selectors as enquetes_selectors
from enquetes.models import Sollicitation
from enquetes.services import indicateur_brancher_registre, mesures_depuis_registre
from enquetes.tests.factories import SollicitationFactory
from indicateurs.echanges import importer_mesures
from indicateurs.models import Mesure, TypeCalcul
from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from qualite.imports import executer_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referente", referent=True)


@pytest.fixture
def indicateurs_registre():
    taux = IndicateurFactory(code="reclamations_taux_reponse", source_registre=True, sens="min", cible=D(80))
    delai = IndicateurFactory(code="reclamations_delai", delai=True, source_registre=True)
    return taux, delai


@pytest.fixture
def octobre():
    """Un mois de registre fait à la main : 7 réclamations reçues en octobre 2023, 6 répondues en
    1, 2, 2, 3, 4 et 6 jours, une en attente ; plus une reçue fin septembre et une suggestion de novembre,
    hors du mois, et une expérience JDMA, qui n'entre pas dans le taux."""
    for jour, delai in [(2, 1), (3, 2), (9, 2), (10, 3), (16, 4), (20, 6), (30, None)]:
        SollicitationFactory(recue_le=date(2023, 10, jour), delai=delai)
    SollicitationFactory(recue_le=date(2023, 9, 29), delai=5)  # répondue en octobre, reçue en septembre
    SollicitationFactory(recue_le=date(2023, 11, 2), type="suggestion", delai=10)
    SollicitationFactory(recue_le=date(2023, 10, 5), type="jdma", canal="services_publics_plus", delai=30)


def test_mois_fait_a_la_main(indicateurs_registre, octobre):
    taux, delai = indicateurs_registre
    mesure_taux, mesure_delai = mesures_depuis_registre(
        indicateur_taux=taux, indicateur_delai=delai, annee=2023, mois=10
    )
    # Taux = 6 réponses / 7 reçues = 85,714… → 85,71 % ; délai = (1+2+2+3+4+6) / 6 = 18 / 6 = 3,00 jours.
    assert (mesure_taux.numerateur, mesure_taux.denominateur) == (D(6), D(7))
    assert (mesure_delai.numerateur, mesure_delai.denominateur) == (D(18), D(6))
    from indicateurs import selectors

    assert selectors.ligne_indicateur(taux, 2023).valeur == D("85.71")
    assert selectors.ligne_indicateur(delai, 2023).valeur == D("3.00")
    termes = enquetes_selectors.termes_registre(2023, 10)
    assert (termes.taux_reponse, termes.delai_moyen) == (D("85.71"), D("3.00"))


@pytest.mark.parametrize(
    ("delais", "taux", "delai_moyen"),
    [
        ([1, 1, 4], D("100.00"), D("2.00")),
        ([0, None], D("50.00"), D("0.00")),
        ([2, 3, None, None, None, None], D("33.33"), D("2.50")),
        ([None], D("0.00"), None),
    ],
)
def test_regles_du_registre(delais, taux, delai_moyen):
    for delai in delais:
        SollicitationFactory(recue_le=date(2024, 3, 4), delai=delai)
    termes = enquetes_selectors.termes_registre(2024, 3)
    assert (termes.taux_reponse, termes.delai_moyen) == (taux, delai_moyen)


def test_mois_vide_retire_la_mesure(indicateurs_registre):
    taux, delai = indicateurs_registre
    MesureFactory(indicateur=taux, annee=2023, mois=12)
    assert mesures_depuis_registre(indicateur_taux=taux, indicateur_delai=delai, annee=2023, mois=12) == (None, None)
    assert not Mesure.objects.filter(indicateur=taux).exists()


def test_indicateur_non_branche_refuse():
    indicateur = IndicateurFactory(code="taux_saisi")
    with pytest.raises(ValueError, match="calculé depuis le registre"):
        mesures_depuis_registre(indicateur_taux=indicateur, annee=2023, mois=10)


def test_brancher_recalcule_chaque_mois(octobre):
    indicateur = IndicateurFactory(code="reclamations_taux_reponse")
    assert indicateur_brancher_registre(indicateur=indicateur, actif=True) == 3  # septembre, octobre, novembre
    assert Mesure.objects.get(indicateur=indicateur, annee=2023, mois=10).numerateur == D(6)
    with pytest.raises(ValueError):
        indicateur_brancher_registre(indicateur=IndicateurFactory(code="nb", nombre=True), actif=True)


def test_ajout_au_registre_recalcule_le_mois(client, referent, indicateurs_registre, octobre):
    taux, delai = indicateurs_registre
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:sollicitation_creer"),
        {"type": "reclamation", "recue_le": "2023-10-31", "canal": "courriel", "objet": "permis", "resume": "Permis",
         "reponse": "Réponse", "repondue_le": "2023-11-06"},
        follow=True,
    )  # fmt: skip
    assert "enregistrée au registre" in reponse.content.decode()
    assert Sollicitation.objects.filter(recue_le=date(2023, 10, 31)).get().cree_par == referent
    # 7 réponses / 8 reçues ; (18 + 6) / 7 jours.
    assert Mesure.objects.get(indicateur=taux, annee=2023, mois=10).numerateur == D(7)
    assert Mesure.objects.get(indicateur=delai, annee=2023, mois=10).numerateur == D(24)


def test_deplacer_une_sollicitation_recalcule_les_deux_mois(client, referent, indicateurs_registre):
    taux, _ = indicateurs_registre
    sollicitation = SollicitationFactory(recue_le=date(2023, 10, 2), delai=1)
    client.force_login(referent)
    mesures_depuis_registre(indicateur_taux=taux, annee=2023, mois=10)
    client.post(
        reverse("enquetes:sollicitation_modifier", args=[sollicitation.pk]),
        {"type": "reclamation", "recue_le": "2023-11-02", "canal": "courriel", "objet": "permis", "resume": "R"},
    )
    sollicitation.refresh_from_db()
    assert sollicitation.recue_le == date(2023, 11, 2)
    assert not Mesure.objects.filter(indicateur=taux, annee=2023, mois=10).exists()
    assert Mesure.objects.get(indicateur=taux, annee=2023, mois=11).numerateur == D(0)


def test_sollicitation_invalide(client, referent):
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:sollicitation_creer"),
        {"type": "reclamation", "recue_le": "2023-10-10", "canal": "courriel", "objet": "permis", "resume": "R",
         "reponse": "ok", "repondue_le": "2023-10-01"},
    )  # fmt: skip
    assert reponse.status_code == 200
    assert "ne peut pas précéder la date de réception" in reponse.content.decode()
    assert not Sollicitation.objects.exists()


def test_correspondant_limite_a_ses_services(client):
    service, autre = ServiceFactory(nom="Pôle accueil"), ServiceFactory(nom="Bureau des étrangers")
    correspondant = UtilisateurFactory(username="corr", correspondant=True, services=[service])
    client.force_login(correspondant)
    url = reverse("enquetes:sollicitation_creer")
    donnees = {"type": "reclamation", "recue_le": "2023-10-10", "canal": "guichet", "objet": "accueil", "resume": "R"}
    reponse = client.post(url, {**donnees, "service": autre.pk})
    assert reponse.status_code == 200 and not Sollicitation.objects.exists()
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "obligatoire" in reponse.content.decode()
    assert client.post(url, {**donnees, "service": service.pk}).status_code == 302
    autre_sollicitation = SollicitationFactory(service=autre)
    assert client.get(reverse("enquetes:sollicitation_modifier", args=[autre_sollicitation.pk])).status_code == 403
    assert client.get(reverse("enquetes:sollicitation_modifier", args=[99999])).status_code == 404


def test_page_ecoute_chiffres_graphique_et_requetes(client, octobre, django_assert_max_num_queries):
    for numero in range(30):
        SollicitationFactory(recue_le=date(2023, 3, 1 + numero % 28), objet="titres", service=ServiceFactory())
    client.force_login(UtilisateurFactory(username="copil"))
    with django_assert_max_num_queries(14):
        reponse = client.get(reverse("enquetes:ecoute"), {"annee": 2023, "mois": 10})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "85,71\u00a0%" in contenu and "3,00\u00a0jours" in contenu  # le mois d'octobre
    assert "Réclamations reçues en 2023 par objet" in contenu and "<svg" in contenu
    assert "Nouvelle sollicitation" not in contenu


def test_registre_par_objet(octobre):
    SollicitationFactory(recue_le=date(2023, 12, 1), objet="permis")
    assert enquetes_selectors.registre_par_objet(2023) == [("Permis de conduire", 1), ("Prise de rendez-vous", 8)]
    assert enquetes_selectors.registre_par_objet(2023, jusqu_au_mois=10) == [("Prise de rendez-vous", 8)]


def test_saisie_manuelle_fermee(client, referent, indicateurs_registre):
    taux, _ = indicateurs_registre
    client.force_login(referent)
    url = reverse("indicateurs:saisie_annee", args=[taux.code, 2023])
    reponse = client.get(url)
    assert "Calculé depuis le registre : saisie fermée" in reponse.content.decode()
    reponse = client.post(url, {"p0-1-numerateur": "5", "p0-1-denominateur": "10"})
    assert reponse.status_code == 200
    assert "la saisie manuelle est fermée" in reponse.content.decode()
    assert not Mesure.objects.filter(indicateur=taux).exists()


def test_import_refuse_un_indicateur_du_registre(indicateurs_registre):
    contenu = "Indicateur,Période,Numérateur,Dénominateur\nreclamations_taux_reponse,2023-10,5,10\n".encode()
    rapport = executer_import(importer_mesures, simulation=False, fichier=io.BytesIO(contenu), nom="m.csv")
    assert rapport.erreurs[0].startswith("Ligne 2 : colonne « Indicateur » : « reclamations_taux_reponse » est calculé")
    assert not Mesure.objects.exists()


def test_brancher_par_la_page(client, referent, octobre):
    indicateur = IndicateurFactory(code="reclamations_delai", delai=True)
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:registre_brancher"), {"indicateur": indicateur.pk, "actif": "on"}, follow=True
    )
    assert "est désormais calculé depuis le registre" in reponse.content.decode()
    indicateur.refresh_from_db()
    assert indicateur.source_registre and indicateur.type_calcul == TypeCalcul.DELAI_MOYEN
    assert Mesure.objects.get(indicateur=indicateur, mois=10).denominateur == D(6)
    reponse = client.post(reverse("enquetes:registre_brancher"), {"indicateur": indicateur.pk}, follow=True)
    indicateur.refresh_from_db()
    assert not indicateur.source_registre and "se saisit de nouveau" in reponse.content.decode()
    assert client.get(reverse("enquetes:registre_brancher")).status_code == 405


def test_fiche_indicateur_signale_le_registre(client, indicateurs_registre):
    client.force_login(UtilisateurFactory(username="copil"))
    reponse = client.get(reverse("indicateurs:detail", args=["reclamations_taux_reponse"]))
    assert "registre de l'écoute des usagers" in reponse.content.decode()
