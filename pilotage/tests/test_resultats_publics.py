"""Page publique des résultats : tendance sur quatre trimestres, dernière enquête de satisfaction, affiche avec
bloc-marque et colonne statut."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from enquetes.tests.factories import EnqueteSatisfactionFactory, ResultatCritereFactory
from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from pilotage.resultats import trimestres_precedents

from .factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicateur():
    """Appels perdus (cible maximale 10 %), un mois par trimestre : T4 2022 12 %, T1 2023 10 %, T2 8 %, T3 6 %."""
    indicateur = IndicateurFactory(code="appels", libelle="Taux d'appels perdus", cible=Decimal("10"))
    for annee, mois, numerateur in [(2022, 11, 12), (2023, 2, 10), (2023, 5, 8), (2023, 8, 6)]:
        MesureFactory(indicateur=indicateur, annee=annee, mois=mois, numerateur=numerateur, denominateur=100)
    PublicationFactory(indicateurs=[indicateur], validee=True)
    return indicateur


def test_trimestres_precedents():
    assert trimestres_precedents(2023, 1) == [(2022, 2), (2022, 3), (2022, 4), (2023, 1)]


def test_tendance_sur_quatre_trimestres(client, indicateur):
    page = client.get(reverse("resultats:index"))
    texte = page.content.decode().replace("\u00a0", " ")
    for entete in ("T4 2022", "T1 2023", "T2 2023", "T3 2023"):
        assert f">{entete}</th>" in texte
    assert "12 %" in texte and "6 %" in texte
    ligne = texte[texte.index("Taux d&#x27;appels perdus") :].split("</tr>")[0]
    assert "en amélioration" in ligne  # une cible maximale : la baisse est un progrès


def test_derniere_enquete_de_satisfaction(client, indicateur, django_assert_max_num_queries):
    ResultatCritereFactory(enquete=EnqueteSatisfactionFactory(annee=2022), critere="Courtoisie", taux=Decimal("93"))
    enquete = EnqueteSatisfactionFactory(annee=2023, reponses=86, echantillon=332, periode="du 6 au 13 novembre 2023")
    ResultatCritereFactory(enquete=enquete, critere="Courtoisie", taux=Decimal("96"))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("resultats:index"))
    texte = page.content.decode().replace("\u00a0", " ")
    assert "Enquête de satisfaction 2023" in texte
    assert "(86 réponses sur 332 personnes sollicitées)" in texte
    assert 'Courtoisie</th><td class="qualite-nombre">96 %</td><td class="qualite-nombre">93 %</td>' in texte


def test_affiche_avec_bloc_marque_et_statut(client, indicateur):
    reponse = client.get(reverse("resultats:affiche", args=[2023, 3]))
    lecteur = PdfReader(io.BytesIO(reponse.content))
    assert len(lecteur.pages) == 1
    texte = lecteur.pages[0].extract_text()
    assert "Statut" in texte and "Atteint" in texte
    polices = lecteur.pages[0]["/Resources"]["/Font"].values()
    assert {str(police.get_object()["/BaseFont"]).split("+")[-1] for police in polices} <= {"Marianne", "Marianne-Bold"}
    assert "/XObject" in lecteur.pages[0]["/Resources"]  # Marianne et devise du bloc-marque (SVG)
