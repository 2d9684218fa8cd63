from qualite.navigation import Entree

from .acces import peut_gerer_transparence, peut_lire_instances

ENTREES = [
    Entree("Instances", "pilotage:instances", peut_lire_instances, ordre=60, prefixe="/pilotage/instances/"),
    Entree(
        "Transparence", "pilotage:transparence", peut_gerer_transparence, ordre=65, prefixe="/pilotage/transparence/"
    ),
]
