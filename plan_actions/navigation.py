from qualite.navigation import Entree

from .acces import peut_lire_plan, peut_suivre_ses_actions

ENTREES = [
    Entree(
        "Mes actions",
        "plan_actions:mes_actions",
        peut_suivre_ses_actions,
        ordre=25,
        prefixe="/plan-actions/mes-actions/",
    ),
    Entree("Plan d'actions", "plan_actions:liste", peut_lire_plan, ordre=30, prefixe="/plan-actions/"),
]
