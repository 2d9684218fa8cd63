"""Entrées du menu : « Bilan annuel » et « Présentations » (référent, administrateur, COPIL)."""

from qualite.navigation import Entree

from . import acces

ENTREES = [
    Entree("Bilan annuel", "bilan:demande_list", acces.peut_suivre, ordre=75, prefixe="/bilan/"),
    Entree("Présentations", "bilan:presentation_list", acces.peut_suivre, ordre=76, prefixe="/bilan/presentations/"),
]
