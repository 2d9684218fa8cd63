"""Outils de la matrice des permissions : chaque URL × chaque rôle, avec le résultat attendu.

Chaque application déclare ses cas dans `<app>/tests/matrice.py` :
- `preparer(monde)` crée les objets dont ses URL ont besoin (appelé dans l'ordre des couches) ;
- `CAS`, la liste de ses `Cas`.
`exploitation/tests/matrice.py` les rassemble (seul l'étage du haut peut importer toutes les applications) :
c'est la matrice unique du projet, que vérifie `exploitation/tests/test_matrice_permissions.py`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.db import connection

from tests_outils.transaction import transaction_du_module

ROLES = ("anonyme", "referent", "correspondant", "correspondant_autre", "copil", "auditeur", "administrateur")
CONNECTES = ROLES[1:]


@dataclass(frozen=True)
class Cas:
    url_name: str
    attendus: dict[str, int]
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    methode: str = "get"
    donnees: Callable[[SimpleNamespace], dict] | None = None
    # Paramètres de requête (GET) ; utiles pour une page filtrée.
    requete: str = ""
    # Faux pour une page qui ne doit pas passer par axe (réponse non HTML : CSV, PDF…).
    html: bool = True
    nom: str = ""

    @property
    def identifiant(self) -> str:
        return self.nom or f"{self.methode.upper()} {self.url_name}"


def lecture(anonyme: int = 302, **autres) -> dict[str, int]:
    """Page lisible par tout utilisateur connecté."""
    return {"anonyme": anonyme, **{role: 200 for role in CONNECTES}, **autres}


def reserve_referent(ok: int = 200, refus: int = 403, anonyme: int = 302, **autres) -> dict[str, int]:
    """Page réservée au référent qualité et à l'administrateur."""
    attendus = {role: refus for role in CONNECTES}
    attendus.update(anonyme=anonyme, referent=ok, administrateur=ok)
    attendus.update(autres)
    return attendus


def public(statut: int = 200) -> dict[str, int]:
    return {role: statut for role in ROLES}


@contextmanager
def monde_annule(
    django_db_blocker, media: Path, construire: Callable[[], SimpleNamespace]
) -> Iterator[SimpleNamespace]:
    """Le monde construit une fois dans une transaction de module (tests_outils.transaction), annulée à la fin.

    `monde.empreinte` : le nombre de lignes de chaque table juste après la construction.
    """
    with transaction_du_module(django_db_blocker, media):
        monde = construire()
        monde.media = media
        monde.tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        monde.empreinte = empreinte(monde.tables)
        yield monde


def empreinte(tables: list[str]) -> dict[str, int]:
    """Le nombre de lignes de chaque table, en une requête."""
    nom = connection.ops.quote_name
    with connection.cursor() as curseur:
        curseur.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {nom(table)})" for table in tables))
        return dict(zip(tables, curseur.fetchone(), strict=True))


__all__ = ["Cas", "ROLES", "CONNECTES", "lecture", "reserve_referent", "public", "monde_annule", "empreinte", "field"]
