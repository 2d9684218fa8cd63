from qualite.navigation import Entree

from . import acces

ENTREES = [
    Entree("Référentiels", "engagements:referentiel_list", acces.peut_lire, ordre=20, prefixe="/referentiels/"),
    Entree("Label", "engagements:cycle_list", acces.peut_lire, ordre=21, prefixe="/referentiels/label/"),
    Entree("Préparation d'audit", "engagements:preparation_audit", acces.peut_voir_preparation, ordre=22),
]
