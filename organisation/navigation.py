from qualite.navigation import Entree

from . import acces

ENTREES = [
    Entree(
        "Organisation",
        "organisation:organisation",
        acces.peut_lire_organisation,
        ordre=80,
        prefixe="/organisation/",
        groupe="administration",
    ),
    Entree(
        "Utilisateurs",
        "organisation:utilisateur_list",
        acces.peut_gerer_utilisateurs,
        ordre=90,
        prefixe="/utilisateurs/",
        groupe="administration",
    ),
]
