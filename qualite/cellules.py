"""Neutralisation des formules dans les fichiers exportés (injection CSV, recommandation de l'OWASP).

Un texte qui commence par `=`, `+`, `-`, `@`, une tabulation ou un retour chariot serait lu comme une formule
par Excel ou LibreOffice (`=HYPERLINK(...)`) : l'export le préfixe d'une apostrophe. L'apostrophe initiale
elle-même est doublée, pour que la relecture (`restaurer`) rende exactement le texte d'origine : exporter puis
réimporter ne change rien.
"""

from typing import Any

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
ECHAPPEMENT = "'"


def neutraliser(valeur: Any) -> Any:
    """La valeur telle qu'un fichier exporté l'écrit : un texte dangereux préfixé d'une apostrophe."""
    if isinstance(valeur, str) and valeur.startswith((*DEBUTS_DE_FORMULE, ECHAPPEMENT)):
        return ECHAPPEMENT + valeur
    return valeur


def restaurer(valeur: Any) -> Any:
    """L'inverse de `neutraliser`, à la relecture d'un fichier : l'apostrophe ajoutée est retirée."""
    if isinstance(valeur, str) and valeur.startswith(ECHAPPEMENT):
        reste = valeur[1:]
        if reste.startswith((*DEBUTS_DE_FORMULE, ECHAPPEMENT)):
            return reste
    return valeur
