"""Politique des mots de passe : la recommandation de la CNIL de 2022 (délibération n° 2022-100).

- au moins 12 caractères mêlant les quatre types (minuscule, majuscule, chiffre, caractère spécial) ;
- ou une phrase de passe plus longue : au moins 20 caractères et 4 mots ;
- jamais un mot de passe courant en France (`donnees/mots_de_passe_courants.txt`, complété par la liste de
  Django), même décoré de chiffres et de symboles (« Azerty2024!! ») ;
- en production, jamais le mot de passe publié de la démonstration.

Les validateurs se déclarent dans AUTH_PASSWORD_VALIDATORS : formulaires de Django (changement, oubli),
création de compte (`validate_password`) et `createsuperuser` les appliquent tous.
"""

import functools
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

LONGUEUR_MIN = 12
PHRASE_LONGUEUR_MIN = 20
PHRASE_MOTS_MIN = 4
MOT_DE_PASSE_DEMO = "qualite-demo-2026"
LISTE = Path(__file__).resolve().parent / "donnees" / "mots_de_passe_courants.txt"


def _types(mot_de_passe: str) -> int:
    return sum(
        (
            any(c.islower() for c in mot_de_passe),
            any(c.isupper() for c in mot_de_passe),
            any(c.isdigit() for c in mot_de_passe),
            any(not c.isalnum() and not c.isspace() for c in mot_de_passe),
        )
    )


def est_phrase_de_passe(mot_de_passe: str) -> bool:
    mots = re.findall(r"[^\W\d_]{2,}", mot_de_passe)
    return len(mot_de_passe) >= PHRASE_LONGUEUR_MIN and len(set(m.lower() for m in mots)) >= PHRASE_MOTS_MIN


class ComplexiteCnilValidator:
    """12 caractères des quatre types, ou une phrase de passe d'au moins 20 caractères et 4 mots."""

    def validate(self, password: str, user=None) -> None:
        if len(set(password)) < 5:
            raise ValidationError(
                "Ce mot de passe répète trop peu de caractères différents.", code="mot_de_passe_repetitif"
            )
        if est_phrase_de_passe(password):
            return
        if len(password) < LONGUEUR_MIN or _types(password) < 4:
            raise ValidationError(self.get_help_text(), code="mot_de_passe_trop_simple")

    def get_help_text(self) -> str:
        return (
            f"Au moins {LONGUEUR_MIN} caractères mêlant minuscules, majuscules, chiffres et caractères spéciaux, "
            f"ou une phrase de passe d'au moins {PHRASE_LONGUEUR_MIN} caractères et {PHRASE_MOTS_MIN} mots."
        )


@functools.cache
def _courants() -> frozenset[str]:
    lignes = LISTE.read_text(encoding="utf-8").splitlines()
    return frozenset(ligne.strip() for ligne in lignes if ligne.strip() and not ligne.startswith("#"))


def _racine(mot_de_passe: str) -> str:
    """« Azerty2024!! » → « azerty » : minuscules, sans accents, chiffres ni symboles."""
    texte = unicodedata.normalize("NFKD", mot_de_passe.lower())
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    substitutions = str.maketrans({"@": "a", "0": "o", "3": "e", "1": "i", "$": "s", "€": "e"})
    return re.sub(r"[^a-z]", "", texte.translate(substitutions))


class MotsDePasseCourantsValidator:
    """Refuse un mot de passe courant en France, même décoré, et (en production) celui de la démonstration."""

    def validate(self, password: str, user=None) -> None:
        racine = _racine(password)
        if racine in _courants() or _racine(re.sub(r"[\d\W_]+$", "", password)) in _courants():
            raise ValidationError("Ce mot de passe est trop courant.", code="mot_de_passe_courant")
        if getattr(settings, "PRODUCTION", False) and _racine(password) == _racine(MOT_DE_PASSE_DEMO):
            raise ValidationError(
                "Ce mot de passe est celui, publié, de la démonstration : choisissez-en un autre.",
                code="mot_de_passe_demo",
            )

    def get_help_text(self) -> str:
        return "Pas un mot de passe courant (azerty, motdepasse, soleil…), même suivi de chiffres."
