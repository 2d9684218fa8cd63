"""Parcours dans un vrai navigateur : chaque rôle se connecte, puis axe-core vérifie chaque page qu'il peut ouvrir."""

import pytest
from django.urls import reverse

from .factories import MOT_DE_PASSE_TEST
from .matrice import CONNECTES, construire_monde, tous_les_cas
from .navigateur import decrire, se_connecter, violations_axe

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _pages(role: str, monde) -> list[str]:
    pages = []
    for cas in tous_les_cas():
        if cas.methode == "get" and cas.html and cas.attendus[role] == 200:
            url = reverse(cas.url_name, kwargs=cas.kwargs(monde) if cas.kwargs else None)
            pages.append(f"{url}?{cas.requete}" if cas.requete else url)
    return pages


def _verifier_pages(page, base_url: str, urls: list[str]) -> dict[str, str]:
    problemes = {}
    for url in urls:
        reponse = page.goto(f"{base_url}{url}")
        assert reponse.status == 200, f"{url} : {reponse.status}"
        violations = violations_axe(page)
        if violations:
            problemes[url] = decrire(violations)
    return problemes


@pytest.mark.parametrize("role", CONNECTES)
def test_chaque_role_se_connecte_et_chaque_page_est_accessible(live_server, navigateur, role):
    monde = construire_monde()
    page = navigateur.new_page()
    se_connecter(page, live_server.url, monde.utilisateurs[role].username, MOT_DE_PASSE_TEST)
    assert page.url == f"{live_server.url}{reverse('accueil')}", f"{role} n'arrive pas sur son accueil"
    assert page.get_by_role("heading", level=1).count() == 1

    problemes = _verifier_pages(page, live_server.url, _pages(role, monde))

    assert not problemes, "\n".join(f"{url}\n{texte}" for url, texte in problemes.items())


def test_pages_publiques_accessibles_anonymement(live_server, navigateur):
    monde = construire_monde()
    page = navigateur.new_page()

    problemes = _verifier_pages(page, live_server.url, _pages("anonyme", monde))

    assert not problemes, "\n".join(f"{url}\n{texte}" for url, texte in problemes.items())
