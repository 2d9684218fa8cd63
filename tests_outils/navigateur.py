"""Outils des tests de navigateur : Chromium de Debian piloté par Playwright, axe-core injecté."""

import hashlib
import json
import re
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"

# Résultats d'axe par empreinte du DOM : une page au DOM identique (au jeton CSRF près)
# n'est analysée qu'une fois par processus, quel que soit le rôle qui l'ouvre.
_RESULTATS: dict[str, list[dict]] = {}
_VARIABLE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTS)
        try:
            yield navigateur
        finally:
            navigateur.close()


@contextmanager
def contexte(navigateur):
    # bypass_csp : axe-core est injecté comme script, ce que la CSP de l'application refuse.
    ctx = navigateur.new_context(bypass_csp=True, locale="fr-FR", timezone_id="Europe/Paris")
    # axe-core est chargé dans chaque page avant ses propres scripts.
    ctx.add_init_script(path=str(AXE))
    try:
        yield ctx
    finally:
        ctx.close()


def se_connecter(page, base_url: str, identifiant: str, mot_de_passe: str) -> None:
    page.goto(f"{base_url}/connexion/")
    page.get_by_label("Identifiant", exact=True).fill(identifiant)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")


def violations_axe(page) -> list[dict]:
    """Lance axe-core (toutes les règles hors expérimentales) et renvoie les violations.

    On attend d'abord que le JavaScript du DSFR ait initialisé la page (html[data-fr-js]).
    """
    page.wait_for_selector("html[data-fr-js='true']", state="attached", timeout=10_000)
    empreinte = hashlib.sha256(_VARIABLE.sub("", page.content()).encode()).hexdigest()
    if empreinte not in _RESULTATS:
        resultat = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        _RESULTATS[empreinte] = resultat["violations"]
    return _RESULTATS[empreinte]


def decrire(violations: list[dict]) -> str:
    lignes = []
    for violation in violations:
        cibles = [json.dumps(noeud["target"]) for noeud in violation["nodes"][:3]]
        lignes.append(f"{violation['id']} ({violation['impact']}) : {violation['help']} — {', '.join(cibles)}")
    return "\n".join(lignes)
