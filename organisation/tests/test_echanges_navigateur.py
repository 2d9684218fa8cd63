"""Dans un vrai navigateur : les boutons d'export (organisation, plan d'actions) sont accessibles (axe-core)."""

import datetime

import pytest
from django.urls import reverse

from organisation.tests.factories import MOT_DE_PASSE_TEST, EffectifFactory, ServiceFactory, UtilisateurFactory
from plan_actions.tests.factories import ActionFactory
from tests_outils.navigateur import decrire, se_connecter, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_boutons_d_export_accessibles_a_1280_et_320_px(live_server, navigateur):
    referent = UtilisateurFactory(referent=True)
    EffectifFactory(service=ServiceFactory(parent=ServiceFactory(entite=True)), date=datetime.date(2024, 12, 31))
    ActionFactory()
    page = navigateur.new_page()
    se_connecter(page, live_server.url, referent.username, MOT_DE_PASSE_TEST)
    for largeur in (1280, 320):
        page.set_viewport_size({"width": largeur, "height": 900})
        for url, libelle in (
            (reverse("organisation:organisation"), "Exporter le tableau des agents (xlsx)"),
            (reverse("plan_actions:liste"), "Exporter (ods)"),
        ):
            page.goto(f"{live_server.url}{url}")
            lien = page.get_by_role("link", name=libelle)
            assert lien.is_visible()
            violations = violations_axe(page)
            assert not violations, decrire(violations)
            page.screenshot(path=f"/tmp/export-{url.strip('/').replace('/', '-')}-{largeur}.png", full_page=False)
