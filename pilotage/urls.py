from django.urls import path

from . import views, views_transparence

app_name = "pilotage"

urlpatterns = [
    path("instances/", views.instances, name="instances"),
    path("instances/nouvelle/", views.instance_creer, name="instance_creer"),
    path("instances/planifier/", views.instances_planifier, name="instances_planifier"),
    path("instances/<int:pk>/", views.instance_detail, name="instance_detail"),
    path("instances/<int:pk>/modifier/", views.instance_modifier, name="instance_modifier"),
    path("instances/<int:pk>/membres/", views.participation_ajouter, name="participation_ajouter"),
    path("instances/<int:pk>/decisions/", views.decision_creer, name="decision_creer"),
    path("instances/<int:pk>/compte-rendu/envoyer/", views.compte_rendu_envoyer, name="compte_rendu_envoyer"),
    path("transparence/", views_transparence.transparence, name="transparence"),
    path("transparence/<int:pk>/", views_transparence.publication, name="publication"),
    path("transparence/<int:pk>/valider/", views_transparence.publication_valider, name="publication_valider"),
]
