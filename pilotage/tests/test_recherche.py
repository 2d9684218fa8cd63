"""Recherche de l'en-tête : chaque famille trouvée par ses mots, chaque résultat lié, droits respectés."""

import pytest
from django.urls import reverse

from audits.tests.factories import ConstatFactory
from engagements.tests.factories import EngagementFactory
from indicateurs.tests.factories import IndicateurFactory
from organisation.tests.factories import PrefectureFactory, UtilisateurFactory
from pilotage.recherche import LIMITE, mots_de, rechercher
from plan_actions.tests.factories import ActionFactory

from .factories import InstanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    PrefectureFactory()
    return UtilisateurFactory(referent=True)


def test_mots_de_la_recherche():
    assert mots_de("  COPIL  copil planification a ") == ["COPIL", "planification"]
    assert mots_de("") == []


def test_chaque_famille_trouvee_et_liee(referent):
    action = ActionFactory(intitule="Réaliser une planification régulière des COPIL")
    constat = ConstatFactory(texte="Réaliser une planification régulière des copil")
    engagement = EngagementFactory(libelle="Nous réunissons le COPIL deux fois par an")
    indicateur = IndicateurFactory(libelle="Séances du COPIL tenues")
    instance = InstanceFactory(titre="COPIL de printemps")
    ActionFactory(intitule="Refaire la signalétique")

    familles = {famille.code: famille for famille in rechercher(utilisateur=referent, texte="copil")}

    assert [resultat.url for resultat in familles["actions"].resultats] == [
        reverse("plan_actions:detail", args=[action.pk])
    ]
    assert familles["constats"].resultats[0].url == reverse("audits:constat_detail", args=[constat.pk])
    assert familles["engagements"].resultats[0].url == reverse("engagements:engagement_detail", args=[engagement.pk])
    assert familles["indicateurs"].resultats[0].url == reverse("indicateurs:detail", args=[indicateur.code])
    assert familles["instances"].resultats[0].url == reverse("pilotage:instance_detail", args=[instance.pk])


def test_chaque_mot_doit_figurer(referent):
    ActionFactory(intitule="Planification du COPIL")
    ActionFactory(intitule="Planification des permanences")
    familles = rechercher(utilisateur=referent, texte="planification copil")
    assert [r.titre.split(" — ")[1] for r in familles[0].resultats] == ["Planification du COPIL"]


def test_au_plus_limite_resultats_par_famille(referent, django_assert_max_num_queries):
    ActionFactory.create_batch(LIMITE + 3, intitule="Accueil téléphonique")
    with django_assert_max_num_queries(5):
        familles = rechercher(utilisateur=referent, texte="accueil")
    assert len(familles[0].resultats) == LIMITE and not familles[0].complet


def test_une_famille_illisible_n_est_pas_cherchee(referent, monkeypatch):
    from pilotage import recherche

    ActionFactory(intitule="Réunir le COPIL")
    InstanceFactory(titre="COPIL de printemps")
    sources = tuple(
        source if source.code != "actions" else source.__class__(**{**source.__dict__, "regle": lambda u: False})
        for source in recherche.SOURCES
    )
    monkeypatch.setattr(recherche, "SOURCES", sources)
    assert [famille.code for famille in rechercher(utilisateur=referent, texte="copil")] == ["instances"]


def test_anonyme_renvoye_a_la_connexion(client):
    reponse = client.get(reverse("pilotage:recherche"), {"q": "COPIL"})
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("login"))


def test_formulaire_de_l_en_tete_soumis_tel_qu_affiche(app, referent):
    constat = ConstatFactory(texte="Réaliser une planification régulière des COPIL")
    page = app.get(reverse("accueil"), user=referent)
    formulaire = page.forms["recherche-entete"]
    formulaire["q"] = "copil"
    resultats = formulaire.submit()
    assert resultats.status_code == 200
    assert "1 résultat pour « copil »" in resultats.html.get_text(" ")
    assert resultats.click("Réaliser une planification régulière des COPIL").request.path == reverse(
        "audits:constat_detail", args=[constat.pk]
    )


def test_sans_resultat(app, referent):
    page = app.get(reverse("pilotage:recherche"), {"q": "introuvable"}, user=referent)
    assert "Aucun résultat pour « introuvable »." in page.html.get_text(" ")
    assert page.forms["recherche-page"]["q"].value == "introuvable"


def test_pluriel_des_resultats(app, referent):
    ActionFactory.create_batch(2, intitule="Accueil téléphonique")
    page = app.get(reverse("pilotage:recherche"), {"q": "accueil"}, user=referent)
    assert "2 résultats pour « accueil »" in page.html.get_text(" ")
