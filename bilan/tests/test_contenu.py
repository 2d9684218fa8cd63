"""Le contenu du bilan reprend les définitions des applications : ici, le graphique mensuel d'un indicateur."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from bilan import contenu
from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_le_bilan_reprend_le_graphique_de_la_page_de_l_indicateur(client):
    indicateur = IndicateurFactory(code="appels_perdus", libelle="Taux d'appels perdus")
    MesureFactory(indicateur=indicateur, annee=2023, mois=1, numerateur=D(12), denominateur=D(100))
    MesureFactory(indicateur=indicateur, annee=2022, mois=1, numerateur=D(8), denominateur=D(100))
    client.force_login(UtilisateurFactory(referent=True))
    page = client.get(reverse("indicateurs:detail", args=["appels_perdus"]), {"annee": 2023}).context["graphique"]
    (bloc,) = contenu.blocs_indicateurs(2023, complet=True)
    assert bloc.graphique.svg == page.svg
    assert (bloc.graphique.titre, bloc.graphique.lignes, bloc.graphique.cible) == (page.titre, page.lignes, page.cible)


def test_pas_de_graphique_sans_mois_mesure():
    annuel = IndicateurFactory(code="mysteres", type_calcul="valeur", periodicite="annuelle")
    MesureFactory(indicateur=annuel, annee=2023, mois=0, numerateur=None, denominateur=None, valeur=D(93))
    (bloc,) = contenu.blocs_indicateurs(2023, complet=False)
    assert bloc.graphique is None


def test_sans_effectif_le_chapitre_de_l_organisation_le_dit_sans_tableau_vide():
    """Une préfecture qui n'a pas encore saisi ses effectifs : une phrase qui dit où les saisir, pas un tableau sans
    ligne (un défaut PDF/UA : tableau sans donnée)."""
    from bilan import rendu
    from organisation.tests.factories import ServiceFactory

    ServiceFactory(nom="Pôle accueil")
    html = rendu.rendre_html(2023, "copil")
    chapitre = html[html.index('id="organisation"') : html.index("</section>", html.index('id="organisation"'))]
    assert "<table" not in chapitre
    assert "Aucun effectif n'était renseigné" in chapitre and "Administration, Organisation" in chapitre
