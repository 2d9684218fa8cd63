"""Parcours du bilan dans Chromium : suivi mis à jour seul, texte de l'année ; axe sur chaque page."""

import pytest
from django.urls import reverse

from bilan.models import DemandeBilan
from organisation.tests.factories import MOT_DE_PASSE_TEST, UtilisateurFactory
from tests_outils.navigateur import decrire, se_connecter, violations_axe

from .factories import DemandeBilanFactory, NarratifFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_le_suivi_se_met_a_jour_sans_recharger_la_page(live_server, navigateur):
    referent = UtilisateurFactory(username="referent-nav", referent=True)
    NarratifFactory(annee=2023)
    demande = DemandeBilanFactory(statut="en_cours", demandeur=referent)
    page = navigateur.new_page()
    se_connecter(page, live_server.url, referent.username, MOT_DE_PASSE_TEST)
    page.goto(f"{live_server.url}{reverse('bilan:demande_list')}")
    assert not violations_axe(page), decrire(violations_axe(page))
    annonce = page.locator("#bilan-annonce")
    annonce.evaluate("n => { window.qualiteRegion = n; }")
    assert annonce.text_content() == ""  # rien n'est annoncé au chargement
    page.wait_for_timeout(3500)  # un rechargement sans changement : toujours rien
    assert annonce.text_content() == ""

    DemandeBilan.objects.filter(pk=demande.pk).update(statut="echec", raison_echec="Gabarit introuvable")
    page.get_by_text("Raison : Gabarit introuvable").wait_for(timeout=10_000)
    assert annonce.text_content() == "Bilan 2023, COPIL (complète) : échec."
    assert annonce.evaluate("n => n === window.qualiteRegion")  # la même région live, jamais remplacée
    assert not violations_axe(page), decrire(violations_axe(page))

    page.goto(f"{live_server.url}{reverse('bilan:narratif_modifier', args=[2023])}")
    assert not violations_axe(page), decrire(violations_axe(page))
    page.get_by_label("Perspectives").fill("Perspectives rédigées dans le navigateur")
    page.get_by_role("button", name="Enregistrer le texte").click()
    page.get_by_text("Texte du bilan 2023 enregistré.").wait_for()
    assert not violations_axe(page), decrire(violations_axe(page))


def test_le_copil_voit_les_bilans_sans_pouvoir_en_demander(live_server, navigateur):
    membre = UtilisateurFactory(username="copil-nav")
    DemandeBilanFactory(termine=True, clu=True)
    page = navigateur.new_page()
    se_connecter(page, live_server.url, membre.username, MOT_DE_PASSE_TEST)
    page.get_by_role("button", name="Pilotage").click()  # le sous-menu de la navigation principale
    page.get_by_role("link", name="Bilan annuel").first.click()
    page.get_by_role("heading", name="Bilan qualité annuel").wait_for()
    assert page.get_by_role("button", name="Demander le bilan").count() == 0
    assert page.get_by_role("link", name="Télécharger le bilan 2023").count() == 1
    assert not violations_axe(page), decrire(violations_axe(page))
