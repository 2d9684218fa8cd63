from qualite.navigation import Entree

from .acces import peut_lire, peut_saisir

ENTREES = [
    Entree("Indicateurs", "indicateurs:liste", peut_lire, ordre=40, groupe="indicateurs"),
    Entree("Saisie mensuelle", "indicateurs:saisie_mensuelle", peut_saisir, ordre=41, groupe="indicateurs"),
]
