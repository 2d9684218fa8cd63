"""Agenda : page d'un mois, flux iCal personnel relu par le parseur icalendar, lien secret révocable."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from audits.tests.factories import AuditFactory
from engagements.tests.factories import EcheanceCycleFactory
from organisation.tests.factories import PrefectureFactory, ServiceFactory, UtilisateurFactory
from pilotage.agenda import evenements, flux_personnel
from pilotage.models import JetonAgenda
from plan_actions.models import Statut
from plan_actions.tests.factories import ActionFactory

from .factories import InstanceFactory, JetonAgendaFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde():
    PrefectureFactory()
    service, autre = ServiceFactory(nom="Pôle accueil téléphonique"), ServiceFactory(nom="Bureau des étrangers")
    correspondant = UtilisateurFactory(username="correspondant", correspondant=True, services=[service])
    return {
        "correspondant": correspondant,
        "referent": UtilisateurFactory(referent=True),
        "sienne": ActionFactory(
            reference="2023-001",
            intitule="Réduire les appels perdus",
            service_pilote=service,
            echeance=datetime.date(2023, 11, 15),
        ),
        "en_retard": ActionFactory(
            reference="2023-002", intitule="Afficher les horaires", service_pilote=service, en_retard=True
        ),
        "suivie": ActionFactory(
            reference="2023-003",
            intitule="Former les agents",
            service_pilote=autre,
            echeance=datetime.date(2023, 11, 20),
            responsables=[correspondant],
        ),
        "autre": ActionFactory(
            reference="2023-004",
            intitule="Refaire la signalétique",
            service_pilote=autre,
            echeance=datetime.date(2023, 11, 21),
        ),
        "close": ActionFactory(
            reference="2023-005",
            intitule="Action close",
            service_pilote=service,
            realisee=True,
            echeance=datetime.date(2023, 11, 22),
        ),
        "reunion": ParticipationFactory(
            utilisateur=correspondant,
            instance=InstanceFactory(titre="COPIL de novembre", date=datetime.date(2023, 11, 20)),
        ).instance,
        "autre_reunion": InstanceFactory(titre="Comité local des usagers", date=datetime.date(2023, 11, 28)),
        "audit": AuditFactory(date_debut=datetime.date(2023, 11, 6), date_fin=datetime.date(2023, 11, 7)),
    }


NOVEMBRE = {"debut": datetime.date(2023, 11, 1), "fin": datetime.date(2023, 11, 30)}


def test_le_mois_de_tout_l_agenda(monde):
    trouves = evenements(utilisateur=monde["referent"], **NOVEMBRE)
    assert [e.titre for e in trouves] == [
        "Audit de renouvellement du 06/11/2023",
        "2023-001 — Réduire les appels perdus",
        "COPIL de novembre",
        "2023-003 — Former les agents",
        "2023-004 — Refaire la signalétique",
        "Comité local des usagers",
    ]
    assert trouves[0].date_fin == datetime.date(2023, 11, 7)


def test_seulement_les_miens(monde):
    trouves = evenements(utilisateur=monde["correspondant"], seulement_les_miens=True, **NOVEMBRE)
    assert [e.uid for e in trouves] == [
        f"audit-{monde['audit'].pk}",
        f"action-{monde['sienne'].pk}",
        f"reunion-{monde['reunion'].pk}",
        f"action-{monde['suivie'].pk}",
    ]


def test_audit_prevu_non_realise(monde):
    echeance = EcheanceCycleFactory(date_prevue=datetime.date(2023, 11, 9))
    EcheanceCycleFactory(date_prevue=datetime.date(2023, 11, 10), date_realisation=datetime.date(2023, 11, 10))
    prevus = [e for e in evenements(utilisateur=monde["referent"], **NOVEMBRE) if e.categorie == "audit_prevu"]
    assert [e.url for e in prevus] == [reverse("engagements:cycle_detail", args=[echeance.cycle_id])]


def test_le_flux_du_correspondant_se_relit_avec_icalendar(client, monde, time_machine):
    time_machine.move_to(datetime.datetime(2023, 11, 10, 12, tzinfo=datetime.UTC))
    jeton = JetonAgendaFactory(utilisateur=monde["correspondant"])
    reponse = client.get(reverse("pilotage:agenda_ical", args=[jeton.jeton]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/calendar; charset=utf-8"

    calendrier = icalendar.Calendar.from_ical(reponse.content)
    evenements_lus = {str(e["uid"]).split("@")[0]: e for e in calendrier.walk("VEVENT")}
    sienne, en_retard = monde["sienne"], monde["en_retard"]
    assert set(evenements_lus) == {
        f"action-{sienne.pk}",
        f"action-{en_retard.pk}",
        f"action-{monde['suivie'].pk}",
        f"reunion-{monde['reunion'].pk}",
        f"audit-{monde['audit'].pk}",
    }  # ni l'action d'un autre service, ni l'action close, ni la réunion où il n'est pas convoqué
    lue = evenements_lus[f"action-{sienne.pk}"]
    assert lue.decoded("dtstart") == datetime.date(2023, 11, 15)
    assert lue.decoded("dtend") == datetime.date(2023, 11, 16)
    assert str(lue["summary"]) == "Échéance d'action : 2023-001 — Réduire les appels perdus"
    assert str(lue["url"]).endswith(reverse("plan_actions:detail", args=[sienne.pk]))
    assert str(evenements_lus[f"action-{en_retard.pk}"]["summary"]).startswith("En retard — ")


def test_flux_sans_audit_ni_reunion_de_plus_d_un_an(monde, time_machine):
    time_machine.move_to(datetime.datetime(2024, 12, 1, 12, tzinfo=datetime.UTC))
    uids = [e.uid for e in flux_personnel(monde["correspondant"])]
    assert f"audit-{monde['audit'].pk}" not in uids and f"reunion-{monde['reunion'].pk}" not in uids
    assert f"action-{monde['sienne'].pk}" in uids  # une échéance passée d'une action ouverte reste


def test_lien_inconnu_revoque_ou_compte_desactive(client, monde):
    jeton = JetonAgendaFactory(utilisateur=monde["correspondant"])
    assert client.get(reverse("pilotage:agenda_ical", args=["inconnu"])).status_code == 404
    monde["correspondant"].is_active = False
    monde["correspondant"].save()
    assert client.get(reverse("pilotage:agenda_ical", args=[jeton.jeton])).status_code == 404


def test_creer_renouveler_et_revoquer_le_lien(app, client, monde):
    correspondant = monde["correspondant"]
    page = app.get(reverse("pilotage:agenda"), user=correspondant)
    assert "Créer mon lien d'agenda" in page.html.get_text(" ")
    page = page.forms["agenda-creer"].submit().follow()
    assert "Lien d'agenda créé" in page.html.get_text(" ")
    premier = JetonAgenda.objects.get(utilisateur=correspondant).jeton
    assert page.forms["agenda-renouveler"] and premier in page.html.find(id="lien-ical")["value"]

    page = page.forms["agenda-renouveler"].submit().follow()
    assert "Nouveau lien d'agenda créé : l'ancien ne fonctionne plus." in page.html.get_text(" ")
    second = JetonAgenda.objects.get(utilisateur=correspondant).jeton
    assert second != premier
    assert client.get(reverse("pilotage:agenda_ical", args=[premier])).status_code == 404
    assert client.get(reverse("pilotage:agenda_ical", args=[second])).status_code == 200

    page = page.forms["agenda-revoquer"].submit().follow()
    assert "Lien d'agenda révoqué" in page.html.get_text(" ")
    assert not JetonAgenda.objects.filter(utilisateur=correspondant).exists()
    assert client.get(reverse("pilotage:agenda_ical", args=[second])).status_code == 404


def test_revoquer_sans_lien(client, monde):
    client.force_login(monde["correspondant"])
    reponse = client.post(reverse("pilotage:agenda_revoquer"), follow=True)
    assert "Vous n&#x27;aviez pas de lien d&#x27;agenda." in reponse.content.decode()


def test_page_du_mois(app, monde):
    page = app.get(reverse("pilotage:agenda"), {"mois": "2023-11"}, user=monde["correspondant"])
    assert page.html.find("h1").get_text(strip=True) == "Agenda de novembre 2023"
    assert "6 événements ce mois-ci." in page.html.get_text(" ")
    assert "Lundi 20 novembre 2023" in page.html.get_text(" ")
    assert page.click("Octobre 2023").request.GET["mois"] == "2023-10"
    miens = page.click("Mes actions et réunions")
    assert "4 événements ce mois-ci." in miens.html.get_text(
        " "
    ) and "Refaire la signalétique" not in miens.html.get_text(" ")


def test_mois_invalide_donne_le_mois_courant(app, monde, time_machine):
    time_machine.move_to(datetime.datetime(2023, 11, 10, 12, tzinfo=datetime.UTC))
    page = app.get(reverse("pilotage:agenda"), {"mois": "2023-13"}, user=monde["referent"])
    assert page.html.find("h1").get_text(strip=True) == "Agenda de novembre 2023"


def test_mois_vide_montre_les_prochains(app, monde, time_machine):
    time_machine.move_to(datetime.datetime(2023, 10, 10, 12, tzinfo=datetime.UTC))
    page = app.get(reverse("pilotage:agenda"), {"mois": "2023-09"}, user=monde["referent"])
    assert "Aucun événement ce mois-ci." in page.html.get_text(" ")
    assert "Prochains événements" in page.html.get_text(" ") and "06/11/2023" in page.html.get_text(" ")


def test_requetes_de_la_page_independantes_du_volume(client, monde, django_assert_max_num_queries):
    client.force_login(monde["referent"])
    with django_assert_max_num_queries(14):
        client.get(reverse("pilotage:agenda"), {"mois": "2023-11"})
    ActionFactory.create_batch(30, echeance=datetime.date(2023, 11, 12), statut=Statut.A_LANCER)
    InstanceFactory.create_batch(5, date=datetime.date(2023, 11, 13))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("pilotage:agenda"), {"mois": "2023-11"}).status_code == 200
