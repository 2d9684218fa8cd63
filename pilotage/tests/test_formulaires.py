"""Les formulaires du pilotage soumis tels qu'affichés (WebTest) : séances, membres, décisions, transparence."""

import datetime

import pytest
from django.urls import reverse

from indicateurs.tests.factories import IndicateurFactory
from organisation.tests.factories import SiteFactory, UtilisateurFactory
from pilotage.models import Instance, PublicationTrimestrielle
from plan_actions.models import Origine
from tests_outils.formulaires import soumettre

from .factories import InstanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_planifier_creer_et_modifier_des_seances(app, referent):
    valeurs = {"type": "copil", "premiere_date": "10/03/2025", "nombre": "3", "intervalle_mois": "6"}
    soumettre(app, reverse("pilotage:instances"), referent, valeurs)
    assert Instance.objects.count() == 3
    soumettre(app, reverse("pilotage:instance_creer"), referent, {"type": "clu", "date": "03/06/2024"})
    instance = Instance.objects.get(type="clu")
    url = reverse("pilotage:instance_modifier", args=[instance.pk])
    soumettre(app, url, referent, {"statut": "tenue", "compte_rendu": "Relevé de décisions"})
    instance.refresh_from_db()
    assert (instance.statut, instance.date) == ("tenue", datetime.date(2024, 6, 3))


def test_seance_sans_date_rien_d_ecrit(app, referent):
    reponse = soumettre(app, reverse("pilotage:instance_creer"), referent, {"type": "copil", "date": ""})
    assert reponse.status_code == 200 and "Le formulaire contient" in reponse
    assert not Instance.objects.exists()


def test_membre_et_decision_depuis_la_fiche_de_la_seance(app, referent):
    instance = InstanceFactory(clu=True)
    url = reverse("pilotage:instance_detail", args=[instance.pk])
    valeurs = {"nom": "France Services", "courriel": "fs@exemple.fr", "presence": "excuse"}
    assert "France Services : excusé." in soumettre(app, url, referent, valeurs).follow()
    reponse = soumettre(app, url, referent, {"texte": "Afficher les horaires à l'entrée"})
    assert reponse.status_code == 302
    assert instance.decisions.get().action.origine == Origine.CLU


def test_transparence_preparer_puis_choisir_les_indicateurs(app, referent):
    SiteFactory()
    indicateur = IndicateurFactory(libelle="Taux d'appels perdus")
    reponse = soumettre(app, reverse("pilotage:transparence"), referent, {"annee": "2023", "trimestre": "3"})
    publication = PublicationTrimestrielle.objects.get()
    assert reponse["Location"] == reverse("pilotage:publication", args=[publication.pk])
    url = reverse("pilotage:publication", args=[publication.pk])
    soumettre(app, url, referent, {"indicateurs": [indicateur.pk]})
    assert list(publication.indicateurs.all()) == [indicateur]
