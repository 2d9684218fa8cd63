"""Outils de la matrice des permissions : chaque URL × chaque rôle, avec le résultat attendu.

Chaque application déclare ses cas dans `<app>/tests/matrice.py` :
- `preparer(monde)` crée les objets dont ses URL ont besoin (appelé dans l'ordre des couches) ;
- `CAS`, la liste de ses `Cas`.
`exploitation/tests/matrice.py` les rassemble (seul l'étage du haut peut importer toutes les applications) :
c'est la matrice unique du projet, que vérifie `exploitation/tests/test_matrice_permissions.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

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


__all__ = ["Cas", "ROLES", "CONNECTES", "lecture", "reserve_referent", "public", "field"]
