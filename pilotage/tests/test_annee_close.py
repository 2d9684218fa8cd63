"""Tableau de bord d'une année close : les chiffres gardés à la clôture, les mêmes que les listes liées, en un nombre
de requêtes qui ne dépend pas du volume ; le tableau gardé en cache suit la clôture. (Le même que le bilan :
exploitation/tests/test_annee_close.py, la couche qui lit les deux.)"""

import pytest
from django.urls import reverse
from django.utils import timezone

from organisation.tests.factories import UtilisateurFactory
from pilotage import selectors
from pilotage.tests.chiffres import verifier_chaque_chiffre
from pilotage.tests.test_tableau_de_bord import _donnees
from plan_actions import services as plan_services
from plan_actions.models import Action, Statut

pytestmark = pytest.mark.django_db


def test_chaque_chiffre_d_une_annee_close_egale_la_liste_liee(client):
    _donnees(nb_actions=24)
    plan_services.annee_cloturer(annee=2023)
    # L'historique est réécrit après la clôture : le tableau et ses listes (au=31/12) n'en voient rien.
    Action.history.update(statut=Statut.ABANDONNEE)
    client.force_login(UtilisateurFactory(referent=True))
    assert verifier_chaque_chiffre(client, f"{reverse('accueil')}?annee=2023") >= 15
    reponse = client.get(reverse("accueil"), {"annee": 2023})
    plan = reponse.context["tableau"].plan
    assert dict((c.libelle, c.nombre) for c in plan.par_statut)["Abandonnée"] == 0
    # La page dit que ces chiffres sont figés, et depuis quand ; l'année en cours, non.
    jour = timezone.localdate().strftime("%d/%m/%Y")
    assert f"figé à la clôture de l'année le {jour}" in reponse.content.decode()
    assert "figé à la clôture" not in client.get(reverse("accueil")).content.decode()


@pytest.mark.parametrize("nombres", [(10, 2, 3), (300, 20, 40)])
def test_une_annee_close_en_requetes_fixes(client, django_assert_max_num_queries, nombres):
    _donnees(*nombres)
    plan_services.annee_cloturer(annee=2023)
    # Les chiffres du plan gardés (une requête) et les noms des modules, au lieu de quatre requêtes agrégées.
    with django_assert_max_num_queries(12):
        tableau = selectors.tableau_de_bord(2023, timezone.localdate())
    assert tableau.plan.total.nombre == nombres[0]
    client.force_login(UtilisateurFactory(referent=True))
    client.get(reverse("accueil"))  # la première page de la session note l'activité (écriture de session)
    with django_assert_max_num_queries(14):
        client.get(reverse("accueil"), {"annee": 2023})


def test_la_cloture_change_le_tableau_garde(client, settings):
    """Le tableau gardé en cache d'une année passée suit sa clôture (écriture en masse : le jeton change)."""
    settings.QUALITE_CACHE_TABLEAUX = True
    selectors.MEMOIRE_TABLEAU.vider()
    _donnees(nb_actions=6)
    client.force_login(UtilisateurFactory(referent=True))
    avant = client.get(reverse("accueil"), {"annee": 2023}).context["tableau"]
    assert avant.plan.total.nombre == 6
    # L'historique réécrit, puis l'année close : la clôture lit l'historique, le tableau gardé est recalculé.
    Action.history.update(statut=Statut.ABANDONNEE, date_realisation=None)
    Action.history.update(history_date=timezone.now().replace(year=2023, month=6, day=1))
    plan_services.annee_cloturer(annee=2023)
    apres = client.get(reverse("accueil"), {"annee": 2023}).context["tableau"]
    assert apres.cle != avant.cle
    assert dict((c.libelle, c.nombre) for c in apres.plan.par_statut)["Abandonnée"] == 6
    selectors.MEMOIRE_TABLEAU.vider()
