from qualite.navigation import Entree

from .acces import peut_gerer_transparence, peut_lire_agenda, peut_lire_instances, peut_lire_tableau_de_bord

ENTREES = [
    Entree("Tableau de bord", "accueil", peut_lire_tableau_de_bord, ordre=10, groupe="pilotage"),
    Entree(
        "Instances",
        "pilotage:instances",
        peut_lire_instances,
        ordre=60,
        prefixe="/pilotage/instances/",
        groupe="pilotage",
    ),
    Entree("Agenda", "pilotage:agenda", peut_lire_agenda, ordre=62, prefixe="/pilotage/agenda/", groupe="pilotage"),
    Entree(
        "Transparence",
        "pilotage:transparence",
        peut_gerer_transparence,
        ordre=65,
        prefixe="/pilotage/transparence/",
        groupe="pilotage",
    ),
]
