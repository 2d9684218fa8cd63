"""« Modifier l'action » dans Chromium, comme le référent et un correspondant : la modification est enregistrée et
visible sur la fiche ; axe sur chaque page."""

import pytest
from django.urls import reverse

from organisation.tests.factories import MOT_DE_PASSE_TEST, ServiceFactory, UtilisateurFactory
from plan_actions.models import Action, Statut
from tests_outils.navigateur import decrire, se_connecter, violations_axe

from .factories import ActionFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", ["referent", "correspondant"])
def test_modifier_l_action_depuis_sa_fiche(live_server, navigateur, role):
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    compte = UtilisateurFactory(
        username=f"{role}-nav", **({"referent": True} if role == "referent" else {"correspondant": True})
    )
    if role == "correspondant":
        compte.services.set([service])
    action = ActionFactory(
        reference="2023-001",
        intitule="Etudier la faisabilité d'intégrer au sein du SVI les horaires des PAN",
        service_pilote=service,
        statut=Statut.A_LANCER,
    )
    page = navigateur.new_page()
    se_connecter(page, live_server.url, compte.username, MOT_DE_PASSE_TEST)
    page.goto(f"{live_server.url}{reverse('plan_actions:detail', args=[action.pk])}")
    page.get_by_role("link", name="Modifier l'action").click()
    page.wait_for_load_state("load")
    assert not violations_axe(page), decrire(violations_axe(page))
    page.get_by_label("Statut").select_option(Statut.EN_COURS)
    page.get_by_label("Avancement (%)").fill("60")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Action 2023-001 enregistrée.").wait_for()
    assert page.url == f"{live_server.url}{reverse('plan_actions:detail', args=[action.pk])}"
    assert "60 %" in page.content() and "En cours" in page.locator("main").inner_text()
    assert not violations_axe(page), decrire(violations_axe(page))
    action = Action.objects.get(pk=action.pk)
    assert (action.statut, action.avancement) == (Statut.EN_COURS, 60)
