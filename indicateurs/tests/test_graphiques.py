"""Le graphique mensuel d'un indicateur (N, N-1, cible), construit une fois pour la page et le bilan."""

from decimal import Decimal as D

import pytest

from indicateurs import selectors
from indicateurs.graphiques import graphique_annuel, graphique_mensuel

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appels():
    indicateur = IndicateurFactory(code="appels_perdus", libelle="Taux d'appels perdus")  # cible ≤ 10 %
    MesureFactory(indicateur=indicateur, annee=2023, mois=1, numerateur=D(12), denominateur=D(100))
    MesureFactory(indicateur=indicateur, annee=2023, mois=2, numerateur=D(3), denominateur=D(40))
    MesureFactory(indicateur=indicateur, annee=2022, mois=1, numerateur=D(8), denominateur=D(100))
    return indicateur


def test_graphique_mensuel_n_et_n_moins_1_avec_la_cible(appels):
    ligne = selectors.indicateur_detail("appels_perdus", 2023)
    graphique = graphique_mensuel(ligne, selectors.serie_mensuelle(appels, 2023))
    assert graphique.identifiant == "graphique-appels_perdus-2023"
    assert graphique.titre == "Taux d'appels perdus : 2023 et 2022, mois par mois"
    assert graphique.categories[:2] == ["janv.", "févr."] and len(graphique.categories) == 12
    assert graphique.entetes == ["2023", "2022"]
    # Janvier : 12/100 = 12 % (N), 8/100 = 8 % (N-1) ; février : 3/40 = 7,5 % (N), rien en N-1.
    assert graphique.lignes[0] == ("janv.", ["12\u00a0%", "8\u00a0%"])
    assert graphique.lignes[1] == ("févr.", ["7,50\u00a0%", "—"])
    assert graphique.cible == D(10) and graphique.libelle_cible == "Cible ≤ 10\u00a0%"
    # Cumul janvier-février 2023 : 15/140 = 10,71 % ; même période 2022 : 8/100 = 8 %.
    assert "Cumul" in graphique.description and "10,71\u00a0%" in graphique.description


def test_sans_sens_pas_de_ligne_de_cible(appels):
    appels.sens = ""
    appels.save()
    ligne = selectors.indicateur_detail("appels_perdus", 2023)
    graphique = graphique_mensuel(ligne, selectors.serie_mensuelle(appels, 2023))
    assert graphique.cible is None and graphique.libelle_cible == ""


def test_graphique_annuel():
    indicateur = IndicateurFactory(code="mysteres", type_calcul="valeur", periodicite="annuelle", unite="%")
    MesureFactory(indicateur=indicateur, annee=2022, mois=0, numerateur=None, denominateur=None, valeur=D(88))
    MesureFactory(indicateur=indicateur, annee=2023, mois=0, numerateur=None, denominateur=None, valeur=D(93))
    graphique = graphique_annuel(indicateur, selectors.serie_annuelle(indicateur))
    assert graphique.categories == ["2022", "2023"] and graphique.entetes == ["Valeur"]


def test_graphique_des_trois_annees_porte_l_evolution_dans_son_tableau(appels, client):
    """Le tableau de données du graphique pluriannuel dit la valeur et l'évolution de chaque année : la fiche ne
    répète pas les trois années dans un second tableau."""
    from django.urls import reverse

    from indicateurs.graphiques import graphique_pluriannuel
    from organisation.tests.factories import UtilisateurFactory

    ligne = selectors.indicateur_detail("appels_perdus", 2023)
    graphique = graphique_pluriannuel(ligne)
    assert graphique.entetes == ["Valeur", "Évolution (même période de l'année précédente)"]
    # 2023 mesuré jusqu'en février (15/140 = 10,71 %) ; 2022 sur la même période (janvier : 8 %) : +2,71 pts.
    assert graphique.lignes[-1] == ("2023 (au 28/02/2023)", ["10,71\u00a0%", "+2,71\u00a0pts"])
    client.force_login(UtilisateurFactory(referent=True))
    page = client.get(reverse("indicateurs:detail", args=["appels_perdus"]), {"annee": 2023}).content.decode()
    assert page.count("+2,71\u00a0pts</td>") == 1
    assert "valeur de chaque année et évolution" not in page
