"""Les mesures du banc. Chacune renvoie des lignes du tableau ; MESURES fixe leur ordre.

Pour en ajouter une : écrire `def mesurer_x(contexte: Contexte) -> list[Ligne]` et l'inscrire dans MESURES.
Les chiffres sont imprimés, jamais assertés dans les tests (machine partagée, temps bruités).
"""

import importlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qualite.models import Utilisateur

from .donnees import IDENTIFIANT_REFERENT
from .pages import PAGES
from .tableau import Ligne, ms

CIBLE_REQUETES = 15
CIBLE_P95 = 0.200
CIBLE_BILAN_SECONDES = 20
CIBLE_BILAN_MO = 400
CIBLE_IMPORT_SECONDES = 20
REPETITIONS = 50


@dataclass
class Contexte:
    repetitions: int = REPETITIONS
    duree_charge: int = 30
    connexions: int = 20
    lignes_import: int = 10_000
    annee_bilan: int = date.today().year - 1


def referent() -> Utilisateur:
    return Utilisateur.objects.get(username=IDENTIFIANT_REFERENT)


def client_connecte() -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(referent())
    return client


def centile(valeurs: list[float], rang: int) -> float:
    """Centile par la méthode « inclusive » (p50 = médiane)."""
    return statistics.quantiles(valeurs, n=100, method="inclusive")[rang - 1]


def mesurer_pages(contexte: Contexte) -> list[Ligne]:
    client = client_connecte()
    lignes = []
    for page in PAGES:
        url = reverse(page.nom_url, kwargs=page.arguments() or None)
        reponse = client.get(url)  # échauffement (gabarits, caches)
        if reponse.status_code != 200:
            lignes.append(Ligne(page.titre, f"HTTP {reponse.status_code}", "200", tenue=False, note=url))
            continue
        with CaptureQueriesContext(connection) as requetes:
            client.get(url)
        # À lire tout de suite : la requête suivante vide le journal des requêtes SQL.
        nb = len(requetes)
        durees = []
        for _ in range(contexte.repetitions):
            debut = time.perf_counter()
            client.get(url)
            durees.append(time.perf_counter() - debut)
        p50, p95 = centile(durees, 50), centile(durees, 95)
        lignes.append(Ligne(f"{page.titre} : requêtes SQL", str(nb), f"≤ {CIBLE_REQUETES}", tenue=nb <= CIBLE_REQUETES))
        lignes.append(
            Ligne(
                f"{page.titre} : p50 / p95 ({contexte.repetitions} req.)",
                f"{ms(p50)} / {ms(p95)}",
                f"p95 ≤ {ms(CIBLE_P95)}",
                tenue=p95 <= CIBLE_P95,
            )
        )
    return lignes


def mesurer_charge(contexte: Contexte) -> list[Ligne]:
    from .charge import mesurer_charge as charge

    return charge(contexte, client_connecte())


def mesurer_import(contexte: Contexte) -> list[Ligne]:
    from .import_actions import mesurer_import as mesure

    return mesure(contexte)


# Bilan PDF : le module de rendu de l'application bilan et ses deux fonctions attendues.
MODULE_BILAN = "bilan.rendu"


def mesurer_bilan(contexte: Contexte) -> list[Ligne]:
    """Attend `bilan.rendu.rendre_html(*, annee) -> str` et `bilan.rendu.rendre_pdf(*, annee) -> bytes`.

    Seule l'absence du module est tolérée (« non mesuré ») ; toute autre erreur remonte.
    """
    try:
        rendu = importlib.import_module(MODULE_BILAN)
    except ModuleNotFoundError as erreur:
        if erreur.name not in (MODULE_BILAN, MODULE_BILAN.split(".")[0]):
            raise
        return [Ligne("Bilan PDF", "non mesuré : app bilan absente", f"≤ {CIBLE_BILAN_SECONDES} s")]
    from .bilan import mesurer

    return mesurer(rendu, contexte.annee_bilan, CIBLE_BILAN_SECONDES, CIBLE_BILAN_MO)


MESURES: list[Callable[[Contexte], list[Ligne]]] = [mesurer_pages, mesurer_charge, mesurer_bilan, mesurer_import]
