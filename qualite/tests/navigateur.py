"""Outils des tests de navigateur : Chromium de Debian piloté par Playwright, axe-core injecté."""

import json
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
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@contextmanager
def navigateur():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTS)
        # bypass_csp : axe-core est injecté comme script en ligne, que la CSP de l'application refuse.
        contexte = chromium.new_context(bypass_csp=True, locale="fr-FR", timezone_id="Europe/Paris")
        try:
            yield contexte
        finally:
            contexte.close()
            chromium.close()


def se_connecter(page, base_url: str, identifiant: str, mot_de_passe: str) -> None:
    page.goto(f"{base_url}/connexion/")
    page.get_by_label("Identifiant", exact=True).fill(identifiant)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")


def violations_axe(page) -> list[dict]:
    """Lance axe-core (toutes les règles hors expérimentales) et renvoie les violations."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    resultat = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return resultat["violations"]


def decrire(violations: list[dict]) -> str:
    lignes = []
    for violation in violations:
        cibles = [json.dumps(noeud["target"]) for noeud in violation["nodes"][:3]]
        lignes.append(f"{violation['id']} ({violation['impact']}) : {violation['help']} — {', '.join(cibles)}")
    return "\n".join(lignes)
