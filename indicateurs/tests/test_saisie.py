"""Saisie mensuelle (tous les indicateurs d'un mois) et saisie d'une année d'un indicateur."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicateurs.models import Mesure
from organisation.tests.factories import ServiceFactory, UtilisateurFactory

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db

URL = reverse("indicateurs:saisie_mensuelle")


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referente", referent=True)


@pytest.fixture
def trois():
    return (
        IndicateurFactory(code="appels", libelle="Taux d'appels perdus", ordre=1),
        IndicateurFactory(code="delai", libelle="Délai de réponse", delai=True, ordre=2),
        IndicateurFactory(code="pan", libelle="Fréquentation PAN", nombre=True, ordre=3),
    )


def _donnees(indicateurs, **valeurs) -> dict:
    appels, delai, pan = indicateurs
    donnees = {
        f"i{appels.pk}-numerateur": "25",
        f"i{appels.pk}-denominateur": "300",
        f"i{delai.pk}-numerateur": "37,5",
        f"i{delai.pk}-denominateur": "10",
        f"i{pan.pk}-valeur": "1 234",
        f"i{pan.pk}-provisoire": "on",
    }
    donnees.update(valeurs)
    return donnees


def test_get_une_ligne_par_indicateur_mensuel_avec_champs_decimaux(client, referent, trois):
    IndicateurFactory(code="mysteres", libelle="Appels mystères", annuel=True)
    client.force_login(referent)
    reponse = client.get(URL, {"mois": "2023-10"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Saisie mensuelle : octobre 2023" in contenu
    assert "Délai de réponse" in contenu and "Fréquentation PAN" in contenu
    assert "Appels mystères" not in contenu
    assert 'inputmode="decimal"' in contenu
    assert "Total des délais (jours) — Délai de réponse" in contenu


def test_saisie_valide_enregistre_tout(client, referent, trois):
    client.force_login(referent)
    reponse = client.post(f"{URL}?mois=2023-10", _donnees(trois))
    assert reponse.status_code == 302 and reponse["Location"] == f"{URL}?mois=2023-10"
    appels, delai, pan = trois
    mesure = Mesure.objects.get(indicateur=appels, annee=2023, mois=10)
    assert (mesure.numerateur, mesure.denominateur, mesure.saisi_par) == (D(25), D(300), referent)
    assert Mesure.objects.get(indicateur=delai).numerateur == D("37.5")
    pan_mesure = Mesure.objects.get(indicateur=pan)
    assert pan_mesure.valeur == D(1234) and pan_mesure.provisoire is True
    assert "3 mesures enregistrées" in client.get(reponse["Location"]).content.decode()


def test_une_cellule_invalide_garde_les_autres_et_est_nommee(client, referent, trois):
    appels, delai, pan = trois
    client.force_login(referent)
    donnees = _donnees(trois, **{f"i{appels.pk}-numerateur": "400", f"i{pan.pk}-valeur": "-3"})
    reponse = client.post(f"{URL}?mois=2023-10", donnees)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    # Les cellules fautives sont nommées (indicateur et champ)…
    assert "Taux d&#x27;appels perdus — Numérateur : le numérateur ne peut pas dépasser le dénominateur." in contenu
    assert "Fréquentation PAN — Valeur : un nombre ne peut pas être négatif." in contenu
    assert 'aria-invalid="true"' in contenu
    # … les saisies sont réaffichées telles quelles, rien n'est perdu…
    assert 'value="400"' in contenu and 'value="300"' in contenu and 'value="-3"' in contenu
    assert 'value="37,5"' in contenu
    # … et rien n'est enregistré, pas même la ligne valide (tout ou rien).
    assert not Mesure.objects.exists()
    assert "Rien n&#x27;a été enregistré : 2 erreurs" in contenu


@pytest.mark.parametrize(
    ("numerateur", "denominateur", "message"),
    [
        ("12", "", "Dénominateur : les deux termes sont nécessaires"),
        ("", "100", "Numérateur : les deux termes sont nécessaires"),
        ("abc", "100", "Numérateur : nombre « abc » non reconnu"),
        ("5", "0", "Dénominateur : le dénominateur ne peut pas être nul."),
    ],
)
def test_validation_en_ligne(client, referent, trois, numerateur, denominateur, message):
    appels = trois[0]
    client.force_login(referent)
    donnees = {f"i{appels.pk}-numerateur": numerateur, f"i{appels.pk}-denominateur": denominateur}
    reponse = client.post(f"{URL}?mois=2023-10", donnees)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not Mesure.objects.exists()


def test_ligne_vide_ou_inchangee_ne_modifie_rien(client, referent, trois):
    appels = trois[0]
    autre = UtilisateurFactory(username="autre", referent=True)
    mesure = MesureFactory(indicateur=appels, annee=2023, mois=10, saisi_par=autre)
    client.force_login(referent)
    donnees = {f"i{appels.pk}-numerateur": "8", f"i{appels.pk}-denominateur": "100"}
    assert client.post(f"{URL}?mois=2023-10", donnees).status_code == 302
    mesure.refresh_from_db()
    assert mesure.saisi_par == autre
    assert client.post(f"{URL}?mois=2023-10", {}).status_code == 302
    assert Mesure.objects.count() == 1


def test_correspondant_ne_voit_que_ses_indicateurs(client, trois):
    service = ServiceFactory()
    a_lui = IndicateurFactory(code="sien", libelle="Indicateur de son service", service_recueil=service)
    correspondant = UtilisateurFactory(username="corr", correspondant=True, services=[service])
    client.force_login(correspondant)
    contenu = client.get(URL).content.decode()
    assert a_lui.libelle in contenu and "Délai de réponse" not in contenu
    # Il ne peut pas saisir un indicateur qui n'est pas le sien, même en forgeant la requête.
    client.post(URL + "?mois=2023-10", {f"i{trois[0].pk}-numerateur": "1", f"i{trois[0].pk}-denominateur": "2"})
    assert not Mesure.objects.exists()


def test_saisie_mensuelle_requetes_constantes(client, referent, django_assert_max_num_queries):
    for numero in range(12):
        indicateur = IndicateurFactory(code=f"i{numero}")
        MesureFactory(indicateur=indicateur, annee=2023, mois=10)
    client.force_login(referent)
    # 8 pour la grille, 1 pour le même mois de N-1, 2 pour les mois encore à saisir : quel que soit leur nombre.
    with django_assert_max_num_queries(11):
        reponse = client.get(URL, {"mois": "2023-10"})
    assert reponse.content.decode().count('value="100"') == 12


def test_saisie_annee_douze_lignes(client, referent, trois):
    appels = trois[0]
    client.force_login(referent)
    url = reverse("indicateurs:saisie_annee", args=["appels", 2023])
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse.content.decode().count("-denominateur") >= 12
    donnees = {"p0-1-numerateur": "5", "p0-1-denominateur": "100", "p0-2-numerateur": "7", "p0-2-denominateur": "x"}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "Février 2023 — Dénominateur" in reponse.content.decode()
    assert not Mesure.objects.filter(indicateur=appels).exists()  # tout ou rien : janvier non plus
    donnees["p0-2-denominateur"] = "70"
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302
    assert Mesure.objects.get(indicateur=appels, mois=2).denominateur == D(70)


def test_saisie_annee_refusee_a_un_autre_correspondant(client, trois):
    client.force_login(UtilisateurFactory(username="corr", correspondant=True, services=[ServiceFactory()]))
    reponse = client.get(reverse("indicateurs:saisie_annee", args=["appels", 2023]))
    assert reponse.status_code == 403
