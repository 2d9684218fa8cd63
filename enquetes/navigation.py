from qualite.navigation import Entree

from .acces import peut_lire

ENTREES = [
    Entree("Enquêtes", "enquetes:enquetes", peut_lire, ordre=42, prefixe="/enquetes/", groupe="indicateurs"),
    Entree(
        "Écoute des usagers", "enquetes:ecoute", peut_lire, ordre=43, prefixe="/enquetes/ecoute/", groupe="indicateurs"
    ),
]
