"""La page « Présentations » dans Chromium, à 1280 et 320 px : demander un diaporama en décochant une
diapositive, suivre son état sans recharger ; axe sur chaque état."""

import pytest
from django.urls import reverse

from bilan.models import DemandePresentation
from organisation.tests.factories import MOT_DE_PASSE_TEST, UtilisateurFactory
from tests_outils.navigateur import decrire, se_connecter, violations_axe

from .factories import DemandePresentationFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("largeur", [1280, 320])
def test_demander_et_suivre_un_diaporama(live_server, navigateur, largeur, monkeypatch):
    from bilan.tasks import generer_presentation
    from tests_outils.courtier import simuler_courtier

    simuler_courtier(monkeypatch, generer_presentation)
    referent = UtilisateurFactory(username=f"referent-diapo-{largeur}", referent=True)
    page = navigateur.new_page()
    page.set_viewport_size({"width": largeur, "height": 900})
    se_connecter(page, live_server.url, referent.username, MOT_DE_PASSE_TEST)
    page.goto(f"{live_server.url}{reverse('bilan:presentation_list')}")
    page.get_by_role("heading", name="Présentations au comité").wait_for()
    assert not violations_axe(page), decrire(violations_axe(page))

    # Cases et boutons radio du DSFR : on clique leur libellé, comme un utilisateur.
    page.locator("label[for=id_edition_1]").click()
    page.locator("label", has_text="PDF 16:9").click()
    page.locator("label", has_text="Perspectives").click()
    assert page.get_by_label("PDF 16:9").is_checked() and not page.get_by_label("Perspectives").is_checked()
    page.get_by_role("button", name="Demander le diaporama").click()
    page.get_by_text("il se construit").wait_for()
    demande = DemandePresentation.objects.get()
    assert (demande.edition, demande.format) == ("clu", "pdf")
    assert "perspectives" not in demande.diapositives and "indicateurs" in demande.diapositives

    DemandePresentation.objects.filter(pk=demande.pk).update(statut="echec", raison_echec="Masque illisible")
    page.get_by_text("Raison : Masque illisible").wait_for(timeout=10_000)
    assert "échec" in page.locator("#bilan-annonce").text_content()
    assert not violations_axe(page), decrire(violations_axe(page))


def test_le_copil_telecharge_sans_pouvoir_demander(live_server, navigateur):
    membre = UtilisateurFactory(username="copil-diapo")
    DemandePresentationFactory(termine=True, clu=True)
    page = navigateur.new_page()
    se_connecter(page, live_server.url, membre.username, MOT_DE_PASSE_TEST)
    page.get_by_role("button", name="Pilotage").click()  # le sous-menu de la navigation principale
    page.get_by_role("link", name="Bilan annuel").first.click()
    page.get_by_role("link", name="Présentations au comité").click()
    page.get_by_role("heading", name="Présentations au comité").wait_for()
    assert page.get_by_role("button", name="Demander le diaporama").count() == 0
    assert page.get_by_role("link", name="Télécharger le diaporama 2023").count() == 1
    assert not violations_axe(page), decrire(violations_axe(page))
