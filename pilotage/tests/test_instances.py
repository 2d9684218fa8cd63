"""Instances : planification, décisions devenues actions, envoi du compte rendu à tous les membres."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from organisation.models import Courriel
from organisation.tests.factories import UtilisateurFactory
from pilotage import services
from pilotage.models import Instance, Presence
from pilotage.tests.factories import InstanceFactory, ParticipationFactory
from plan_actions.models import Origine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("depart", "mois", "attendu"),
    [
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 8, 15), 6, datetime.date(2025, 2, 15)),
        (datetime.date(2024, 11, 30), 12, datetime.date(2025, 11, 30)),
    ],
)
def test_ajouter_mois(depart, mois, attendu):
    assert services.ajouter_mois(depart, mois) == attendu


def test_planifier_au_rythme_sans_doublon():
    creees = services.instances_planifier(
        type="copil", premiere_date=datetime.date(2025, 3, 10), nombre=3, intervalle_mois=6
    )
    assert [i.date for i in creees] == [
        datetime.date(2025, 3, 10),
        datetime.date(2025, 9, 10),
        datetime.date(2026, 3, 10),
    ]
    assert (
        services.instances_planifier(
            type="copil", premiere_date=datetime.date(2025, 3, 10), nombre=3, intervalle_mois=6
        )
        == []
    )
    assert Instance.objects.count() == 3


def test_envoi_du_compte_rendu_a_chaque_membre_absents_compris(django_capture_on_commit_callbacks):
    instance = InstanceFactory(avec_compte_rendu=True)
    present = ParticipationFactory(instance=instance, presence=Presence.PRESENT)
    absent = ParticipationFactory(instance=instance, presence=Presence.ABSENT)
    excuse = ParticipationFactory(instance=instance, presence=Presence.EXCUSE)
    externe = ParticipationFactory(instance=instance, externe=True, presence=Presence.ABSENT)
    with django_capture_on_commit_callbacks(execute=True):
        nouveaux, sans_adresse = services.compte_rendu_envoyer(instance=instance, lien="http://test/instance")
    assert (nouveaux, sans_adresse) == (4, [])
    adresses = {p.adresse for p in (present, absent, excuse, externe)}
    journal = Courriel.objects.filter(categorie="compte_rendu")
    assert {c.destinataires[0] for c in journal} == adresses
    assert {c.cle for c in journal} == {f"compte-rendu:{instance.pk}:{a}" for a in adresses}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(adresses)
    assert all(c.statut == Courriel.Statut.ENVOYE for c in journal)
    instance.refresh_from_db()
    assert instance.compte_rendu_envoye_le is not None
    # Renvoyer ne duplique pas.
    assert services.compte_rendu_envoyer(instance=instance, lien="http://test/instance") == (0, [])
    assert journal.count() == 4


def test_envoi_sans_compte_rendu_refuse(client):
    instance = InstanceFactory()
    ParticipationFactory(instance=instance)
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(reverse("pilotage:compte_rendu_envoyer", args=[instance.pk]), follow=True)
    assertContains(reponse, "Rédigez ou joignez d&#x27;abord le compte rendu.")
    assert not Courriel.objects.exists()


def test_vue_envoi_compte_rendu(client, django_capture_on_commit_callbacks):
    instance = InstanceFactory(avec_compte_rendu=True)
    ParticipationFactory.create_batch(2, instance=instance, presence=Presence.ABSENT)
    client.force_login(UtilisateurFactory(referent=True))
    with django_capture_on_commit_callbacks(execute=False):
        reponse = client.post(reverse("pilotage:compte_rendu_envoyer", args=[instance.pk]), follow=True)
    assertContains(reponse, "2 courriels programmés")
    assertContains(reponse, "Compte rendu envoyé à tous les membres, absents et excusés compris")
    assert Courriel.objects.count() == 2
    assert len(mail.outbox) == 0  # l'envoi réel part après validation, par Celery


def test_decision_devient_action_du_plan(client):
    instance = InstanceFactory(clu=True)
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(
        reverse("pilotage:decision_creer", args=[instance.pk]), {"texte": "Afficher les horaires à l'entrée"}
    )
    assert reponse.status_code == 302
    decision = instance.decisions.get()
    assert decision.action.origine == Origine.CLU
    assert decision.action.origine_libelle == str(instance)
    assert decision.action.origine_lien.endswith(reverse("pilotage:instance_detail", args=[instance.pk]))
    assert decision.action.intitule == "Afficher les horaires à l'entrée"


def test_decision_vide_reaffiche_le_formulaire(client):
    instance = InstanceFactory()
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(reverse("pilotage:decision_creer", args=[instance.pk]), {"texte": ""})
    assert reponse.status_code == 200
    assert reponse.context["form_decision"].errors
    assert not instance.decisions.exists()


def test_membre_externe_et_presence(client):
    instance = InstanceFactory(clu=True)
    client.force_login(UtilisateurFactory(referent=True))
    url = reverse("pilotage:participation_ajouter", args=[instance.pk])
    reponse = client.post(
        url, {"nom": "France Services", "courriel": "fs@exemple.fr", "presence": "excuse"}, follow=True
    )
    assertContains(reponse, "France Services : excusé.")
    client.post(url, {"nom": "France Services", "courriel": "fs@exemple.fr", "presence": "present"})
    participation = instance.participations.get()
    assert participation.presence == Presence.PRESENT
    invalide = client.post(url, {"nom": "Sans courriel", "presence": "present"})
    assert invalide.status_code == 200
    assertContains(invalide, "Choisissez un membre ou indiquez le nom et le courriel")


def test_creer_une_seance_avec_compte_rendu_en_fichier(client):
    client.force_login(UtilisateurFactory(referent=True))
    fichier = SimpleUploadedFile("cr.pdf", b"%PDF-1.4 compte rendu", content_type="application/pdf")
    reponse = client.post(
        reverse("pilotage:instance_creer"),
        {"type": "copil", "date": "2024-06-03", "statut": "tenue", "compte_rendu_fichier": fichier},
        follow=True,
    )
    instance = Instance.objects.get()
    assert instance.compte_rendu_fichier.name.endswith(".pdf")
    assertContains(reponse, "Séance « COPIL du 03/06/2024 » enregistrée.")


def test_fichier_de_compte_rendu_refuse(client):
    client.force_login(UtilisateurFactory(referent=True))
    fichier = SimpleUploadedFile("cr.pdf", b"pas un pdf", content_type="application/pdf")
    reponse = client.post(
        reverse("pilotage:instance_creer"),
        {"type": "copil", "date": "2024-06-03", "statut": "tenue", "compte_rendu_fichier": fichier},
    )
    assert reponse.status_code == 200
    assertContains(reponse, "ne correspond pas à son extension .pdf")
    assert not Instance.objects.exists()


def test_modifier_une_seance(client):
    instance = InstanceFactory()
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(
        reverse("pilotage:instance_modifier", args=[instance.pk]),
        {"type": "copil", "date": "2024-06-03", "statut": "tenue", "compte_rendu": "Relevé de décisions"},
    )
    assert reponse.status_code == 302
    instance.refresh_from_db()
    assert instance.compte_rendu == "Relevé de décisions"
    invalide = client.post(reverse("pilotage:instance_modifier", args=[instance.pk]), {"type": "copil"})
    assert invalide.status_code == 200
    assert invalide.context["form"].errors


def test_planifier_par_la_page(client):
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(
        reverse("pilotage:instances_planifier"),
        {"type": "clu", "premiere_date": "2030-01-15", "nombre": 2, "intervalle_mois": 12},
        follow=True,
    )
    assertContains(reponse, "2 séances planifiées.")
    assert list(Instance.objects.order_by("date").values_list("date", flat=True)) == [
        datetime.date(2030, 1, 15),
        datetime.date(2031, 1, 15),
    ]
    invalide = client.post(reverse("pilotage:instances_planifier"), {"type": "clu", "nombre": 0})
    assert invalide.status_code == 200
    assert invalide.context["form_planification"].errors


def test_liste_et_fiche_lisibles_par_le_correspondant(client, django_assert_max_num_queries):
    InstanceFactory.create_batch(30)
    client.force_login(UtilisateurFactory(correspondant=True))
    with django_assert_max_num_queries(10):
        reponse = client.get(reverse("pilotage:instances"))
    assertContains(reponse, "Séances du COPIL et du comité local des usagers (30)")
    assert "Nouvelle séance" not in reponse.content.decode()
