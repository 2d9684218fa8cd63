from django.urls import path

from ..views import agenda, instances, recherche, transparence

app_name = "pilotage"

urlpatterns = [
    path("instances/", instances.instances, name="instances"),
    path("instances/nouvelle/", instances.instance_creer, name="instance_creer"),
    path("instances/planifier/", instances.instances_planifier, name="instances_planifier"),
    path("instances/<int:pk>/", instances.instance_detail, name="instance_detail"),
    path("instances/<int:pk>/modifier/", instances.instance_modifier, name="instance_modifier"),
    path("instances/<int:pk>/membres/", instances.participation_ajouter, name="participation_ajouter"),
    path("instances/<int:pk>/decisions/", instances.decision_creer, name="decision_creer"),
    path("instances/<int:pk>/compte-rendu/fichier/", instances.compte_rendu_fichier, name="compte_rendu_fichier"),
    path("instances/<int:pk>/compte-rendu/envoyer/", instances.compte_rendu_envoyer, name="compte_rendu_envoyer"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/lien/", agenda.agenda_lien, name="agenda_lien"),
    path("agenda/lien/revoquer/", agenda.agenda_revoquer, name="agenda_revoquer"),
    path("agenda/<str:jeton>.ics", agenda.agenda_ical, name="agenda_ical"),
    path("recherche/", recherche.recherche, name="recherche"),
    path("transparence/", transparence.transparence, name="transparence"),
    path("transparence/<int:pk>/", transparence.publication, name="publication"),
    path("transparence/<int:pk>/valider/", transparence.publication_valider, name="publication_valider"),
]
