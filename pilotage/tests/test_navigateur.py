"""Recherche « COPIL » dans l'en-tête, dans Chromium, jusqu'au constat de l'audit (démonstration)."""

import io

import pytest
from django.core.management import call_command

from tests_outils.navigateur import decrire, se_connecter, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE_DEMO = "qualite-demo-2026"


def test_rechercher_copil_et_ouvrir_le_constat(live_server, navigateur):
    call_command("charger_demo", stdout=io.StringIO())
    page = navigateur.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    se_connecter(page, live_server.url, "referent", MOT_DE_PASSE_DEMO)

    page.get_by_label("Rechercher dans l'application").fill("COPIL")
    page.get_by_label("Rechercher dans l'application").press("Enter")
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Recherche : COPIL"
    assert not violations_axe(page), decrire(violations_axe(page))

    constats = page.locator("section", has=page.get_by_role("heading", name="Constats d'audit"))
    constats.get_by_role("link", name="Réaliser une planification régulière des COPIL").click()
    page.wait_for_load_state("load")
    assert "/audits/constats/" in page.url
    assert "Réaliser une planification régulière des COPIL" in page.locator("main").inner_text()
