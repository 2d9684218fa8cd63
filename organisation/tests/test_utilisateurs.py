"""Gestion des comptes par le référent et l'administrateur : liste, création, modification, désactivation."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from organisation.models import Role, Utilisateur

from .factories import MOT_DE_PASSE_TEST, PrefectureFactory, ServiceFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db

LISTE = reverse("organisation:utilisateur_list")
CREER = reverse("organisation:utilisateur_creer")
MOT_DE_PASSE_SOLIDE = "Kq8#zWm2!pLx"


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referent", referent=True)


@pytest.fixture
def connecte(client, referent):
    client.force_login(referent)
    return client


def _creation(**autres) -> dict:
    return {
        "username": "mdupont",
        "first_name": "Marie",
        "last_name": "Dupont",
        "email": "marie.dupont@prefecture.invalid",
        "fonction": "Cheffe de bureau",
        "role": Role.COPIL,
        "mode": "courriel",
        **autres,
    }


def _modification(compte: Utilisateur, **autres) -> dict:
    donnees = {
        "first_name": compte.first_name,
        "last_name": compte.last_name,
        "email": compte.email,
        "fonction": compte.fonction,
        "role": compte.role,
        "is_active": "on",
    }
    donnees.update(autres)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


# Liste.


def test_liste_filtree_par_role(connecte):
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    UtilisateurFactory(username="relais", correspondant=True, services=[service])
    UtilisateurFactory(username="membre-copil")
    reponse = connecte.get(LISTE, {"role": Role.CORRESPONDANT})
    assertContains(reponse, "<h1>Utilisateurs</h1>", html=True)
    assertContains(reponse, "relais")
    assertContains(reponse, "Pôle accueil téléphonique")
    assertNotContains(reponse, "membre-copil")
    assertContains(reponse, "1 compte</caption>")


def test_liste_filtree_par_statut_et_texte(connecte):
    UtilisateurFactory(username="ancien", is_active=False)
    UtilisateurFactory(username="present")
    reponse = connecte.get(LISTE, {"statut": "inactifs"})
    assertContains(reponse, "ancien")
    assertNotContains(reponse, "present")
    reponse = connecte.get(LISTE, {"q": "pres"})
    assertContains(reponse, "present")
    assertNotContains(reponse, "ancien")


def test_liste_paginee(connecte):
    for numero in range(30):
        UtilisateurFactory(username=f"agent{numero:02d}", last_name=f"Agent {numero:02d}", first_name="")
    page_1 = connecte.get(LISTE)
    assert len(page_1.context["utilisateurs"]) == 25
    page_2 = connecte.get(LISTE, {"page": 2})
    assert len(page_2.context["utilisateurs"]) == 6
    assertContains(page_1, "Page suivante")


@pytest.mark.parametrize("nombre", [2, 20])
def test_liste_nombre_de_requetes_constant(connecte, django_assert_max_num_queries, nombre):
    service = ServiceFactory()
    for _ in range(nombre):
        UtilisateurFactory(correspondant=True, services=[service, ServiceFactory()])
    with django_assert_max_num_queries(9):  # dont l'identité de la préfecture
        assert connecte.get(LISTE).status_code == 200


# Création.


def test_creer_avec_mot_de_passe_initial(client, connecte):
    reponse = connecte.post(
        CREER, _creation(mode="saisie", mot_de_passe1=MOT_DE_PASSE_SOLIDE, mot_de_passe2=MOT_DE_PASSE_SOLIDE)
    )
    assert reponse.status_code == 302
    compte = Utilisateur.objects.get(username="mdupont")
    assert compte.check_password(MOT_DE_PASSE_SOLIDE)
    assert compte.role == Role.COPIL
    assert not mail.outbox
    assertContains(connecte.get(reponse["Location"]), "Le compte « mdupont » est créé avec son mot de passe initial.")


@pytest.mark.parametrize(
    ("mot_de_passe1", "mot_de_passe2", "message"),
    [
        ("Kq8#zWm2!pL", "Kq8#zWm2!pL", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        (MOT_DE_PASSE_SOLIDE, "autre-chose-2026", "Les deux mots de passe ne correspondent pas."),
        ("", "", "Saisissez le mot de passe initial."),
        ("123456789012", "123456789012", "Ce mot de passe est entièrement numérique."),
    ],
)
def test_creer_avec_mot_de_passe_refuse(connecte, mot_de_passe1, mot_de_passe2, message):
    reponse = connecte.post(CREER, _creation(mode="saisie", mot_de_passe1=mot_de_passe1, mot_de_passe2=mot_de_passe2))
    assert reponse.status_code == 200
    assertContains(reponse, message)
    assert not Utilisateur.objects.filter(username="mdupont").exists()


def test_creer_avec_courriel_de_definition_du_mot_de_passe(client, connecte, django_capture_on_commit_callbacks):
    reponse = connecte.post(CREER, _creation())
    assert reponse.status_code == 302
    compte = Utilisateur.objects.get(username="mdupont")
    assert not compte.has_usable_password()
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert courriel.to == ["marie.dupont@prefecture.invalid"]
    assert courriel.subject == "Votre compte sur l'application de la démarche qualité"
    lien = re.search(r"https://qualite\.prefecture\.test(/mot-de-passe/reinitialisation/\S+/)", courriel.body).group(1)
    # Le titulaire suit le lien et choisit son mot de passe.
    client.logout()
    formulaire = client.get(lien, follow=True)
    assertContains(formulaire, "new_password1")
    fin = client.post(
        formulaire.redirect_chain[-1][0], {"new_password1": MOT_DE_PASSE_SOLIDE, "new_password2": MOT_DE_PASSE_SOLIDE}
    )
    assert fin.status_code == 302
    compte.refresh_from_db()
    assert compte.check_password(MOT_DE_PASSE_SOLIDE)


def test_creer_par_courriel_exige_un_courriel(connecte):
    reponse = connecte.post(CREER, _creation(email=""))
    assertContains(reponse, "Le courriel est nécessaire")
    assert not Utilisateur.objects.filter(username="mdupont").exists()


def test_creer_un_correspondant_exige_un_service(connecte):
    reponse = connecte.post(CREER, _creation(role=Role.CORRESPONDANT))
    assertContains(reponse, "Un correspondant qualité suit au moins un service.")
    service = ServiceFactory(nom="Bureau du contentieux")
    reponse = connecte.post(CREER, _creation(role=Role.CORRESPONDANT, services=[service.pk]))
    assert reponse.status_code == 302
    assert list(Utilisateur.objects.get(username="mdupont").services.all()) == [service]


def test_creer_un_identifiant_deja_pris(connecte):
    UtilisateurFactory(username="mdupont")
    reponse = connecte.post(CREER, _creation())
    assertContains(reponse, "Un utilisateur avec ce nom existe déjà.")


def test_les_services_ne_sont_gardes_que_pour_un_correspondant(connecte):
    service = ServiceFactory()
    connecte.post(CREER, _creation(services=[service.pk]))
    assert not Utilisateur.objects.get(username="mdupont").services.exists()


# Modification, désactivation.


def test_modifier_un_compte(connecte):
    compte = UtilisateurFactory(username="copil")
    service = ServiceFactory()
    url = reverse("organisation:utilisateur_modifier", args=[compte.pk])
    assertContains(connecte.get(url), "Modifier le compte « copil »")
    reponse = connecte.post(
        url, _modification(compte, role=Role.CORRESPONDANT, services=[service.pk], fonction="Relais")
    )
    assert reponse.status_code == 302
    compte.refresh_from_db()
    assert (compte.role, compte.fonction, list(compte.services.all())) == (Role.CORRESPONDANT, "Relais", [service])


def test_modifier_un_correspondant_sans_service_est_refuse(connecte):
    compte = UtilisateurFactory(correspondant=True, services=[ServiceFactory()])
    reponse = connecte.post(reverse("organisation:utilisateur_modifier", args=[compte.pk]), _modification(compte))
    assertContains(reponse, "Un correspondant qualité suit au moins un service.")
    assert compte.services.exists()


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ADMINISTRATEUR])
def test_on_ne_retire_pas_son_propre_role(client, role):
    moi = UtilisateurFactory(username="moi", role=role)
    client.force_login(moi)
    url = reverse("organisation:utilisateur_modifier", args=[moi.pk])
    reponse = client.post(url, _modification(moi, role=Role.COPIL))
    assertContains(reponse, "Vous ne pouvez pas modifier votre propre rôle.")
    reponse = client.post(url, _modification(moi, is_active=None))
    assertContains(reponse, "Vous ne pouvez pas désactiver votre propre compte.")
    moi.refresh_from_db()
    assert (moi.role, moi.is_active) == (role, True)
    # Le reste de son compte reste modifiable.
    assert client.post(url, _modification(moi, fonction="Contrôleur de gestion")).status_code == 302


def test_on_ne_se_desactive_pas_soi_meme(connecte, referent):
    reponse = connecte.post(reverse("organisation:utilisateur_desactiver", args=[referent.pk]), follow=True)
    assertContains(reponse, "Vous ne pouvez pas désactiver votre propre compte.")
    referent.refresh_from_db()
    assert referent.is_active


def test_desactiver_puis_reactiver(client, connecte):
    compte = UtilisateurFactory(username="partant")
    reponse = connecte.post(reverse("organisation:utilisateur_desactiver", args=[compte.pk]))
    assert reponse.status_code == 302
    compte.refresh_from_db()
    assert not compte.is_active
    assertContains(connecte.get(LISTE), "Désactivé")
    # Le compte désactivé ne peut plus se connecter ; il n'est pas supprimé.
    autre = client.__class__()
    reponse = autre.post(reverse("login"), {"username": "partant", "password": MOT_DE_PASSE_TEST})
    assert reponse.status_code == 200
    assert "_auth_user_id" not in autre.session
    connecte.post(reverse("organisation:utilisateur_reactiver", args=[compte.pk]))
    compte.refresh_from_db()
    assert compte.is_active


def test_desactiver_en_get_est_refuse(connecte):
    compte = UtilisateurFactory()
    assert connecte.get(reverse("organisation:utilisateur_desactiver", args=[compte.pk])).status_code == 405


def test_compte_inconnu(connecte):
    assert connecte.get(reverse("organisation:utilisateur_modifier", args=[999999])).status_code == 404


def test_le_service_refuse_aussi_l_auto_retrait_du_role(referent):
    from organisation.services.comptes import utilisateur_modifier

    referent.role = Role.COPIL  # instance déjà modifiée en mémoire, comme par un ModelForm
    with pytest.raises(ValidationError, match="votre propre rôle"):
        utilisateur_modifier(
            auteur=referent,
            utilisateur=referent,
            first_name="",
            last_name="",
            email="",
            role=Role.COPIL,
        )
    referent.refresh_from_db()
    assert referent.role == Role.REFERENT


@pytest.mark.parametrize(
    ("role", "entrees"),
    [
        (Role.REFERENT, ["Organisation", "Utilisateurs"]),
        (Role.ADMINISTRATEUR, ["Organisation", "Utilisateurs"]),
        (Role.CORRESPONDANT, ["Organisation"]),
        (Role.COPIL, ["Organisation"]),
        (Role.AUDITEUR, ["Organisation"]),
    ],
)
def test_menu_selon_le_role(client, role, entrees):
    PrefectureFactory()  # sinon l'administrateur est conduit à la saisie de l'identité (premier démarrage)
    client.force_login(UtilisateurFactory(role=role))
    navigation = client.get(reverse("accueil")).context["navigation"]
    libelles = [entree["libelle"] for entree in navigation]
    assert [libelle for libelle in libelles if libelle in ("Organisation", "Utilisateurs")] == entrees
