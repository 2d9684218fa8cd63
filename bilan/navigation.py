"""Entrée du menu : « Bilan annuel » (référent, administrateur, COPIL)."""

from qualite.navigation import Entree

from . import acces

ENTREES = [Entree("Bilan annuel", "bilan:demande_list", acces.peut_suivre, ordre=75, prefixe="/bilan/")]
