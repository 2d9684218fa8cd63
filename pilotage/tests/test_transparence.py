"""Transparence : seuls les trimestres validés sont publics ; affiche PDF et CSV open data relus."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import SiteFactory, UtilisateurFactory
from pilotage import selectors
from pilotage.models import PublicationTrimestrielle
from pilotage.tests.factories import PublicationFactory
from tests_outils import pdf_ua

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicateur():
    """Taux d'appels perdus : T3 2023 = (6 + 9 + 3) / (100 + 200 + 100) = 4,50 % ; juin et octobre hors trimestre."""
    indicateur = IndicateurFactory(code="appels_perdus_t", libelle="Taux d'appels perdus", cible=Decimal("5"))
    for mois, numerateur, denominateur in [(6, 50, 100), (7, 6, 100), (8, 9, 200), (9, 3, 100), (10, 50, 100)]:
        MesureFactory(indicateur=indicateur, annee=2023, mois=mois, numerateur=numerateur, denominateur=denominateur)
    return indicateur


def test_valeur_du_trimestre_calculee_par_les_indicateurs(indicateur):
    resultat = selectors.resultat_trimestre(indicateur, 2023, 3)
    assert resultat.valeur == Decimal("4.50")
    assert resultat.valeur_texte == "4,50\u00a0%"
    assert resultat.libelle_statut == "Atteint"


def test_trimestre_non_valide_invisible_anonymement(client, indicateur):
    PublicationFactory(trimestre=2, indicateurs=[indicateur])
    PublicationFactory(trimestre=3, indicateurs=[indicateur], validee=True)
    assert client.get(reverse("resultats:trimestre", args=[2023, 2])).status_code == 404
    assert client.get(reverse("resultats:affiche", args=[2023, 2])).status_code == 404
    index = client.get(reverse("resultats:index"))
    assertContains(index, "Résultats du 3e trimestre 2023")
    assertNotContains(index, "2e trimestre")
    assertContains(client.get(reverse("resultats:trimestre", args=[2023, 3])), "4,50\u00a0%")


def test_affiche_pdf_relue(client, indicateur):
    PublicationFactory(indicateurs=[indicateur], validee=True)
    reponse = client.get(reverse("resultats:affiche", args=[2023, 3]))
    assert reponse["Content-Type"] == "application/pdf"
    lecteur = PdfReader(io.BytesIO(reponse.content))
    assert len(lecteur.pages) == 1
    assert lecteur.metadata.title.startswith("Résultats du 3e trimestre 2023")
    assert lecteur.metadata.author
    texte = lecteur.pages[0].extract_text()
    assert "Taux d'appels perdus" in texte
    assert "4,50 %" in texte.replace("\u00a0", " ")
    assert lecteur.trailer["/Root"]["/Lang"] == "fr"
    largeur, hauteur = float(lecteur.pages[0].mediabox.width), float(lecteur.pages[0].mediabox.height)
    assert (round(largeur), round(hauteur)) == (595, 842)  # A4 en points
    assert pdf_ua.defauts(reponse.content) == []  # un seul H1, tableau balisé, rien hors de l'arbre


def test_csv_open_data_relu(client, indicateur):
    SiteFactory(nom="Préfecture du Jura", code_structure="SP-39-001")
    PublicationFactory(indicateurs=[indicateur], validee=True)  # validée le 05/10/2023
    PublicationFactory(trimestre=2, indicateurs=[indicateur])
    reponse = client.get(reverse("resultats:open_data"))
    assert reponse.content.startswith("\ufeff".encode())
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes == [
        {
            "code_structure": "SP-39-001",
            "structure": "Préfecture du Jura",
            "code_indicateur": "appels_perdus_t",
            "indicateur": "Taux d'appels perdus",
            "valeur": "4,50",
            "unite": "%",
            "periode": "2023-T3",
            "frequence": "trimestrielle",
            "date_mise_a_jour": "2023-10-05",
            "cible": "5,00",
            "sens_cible": "maximum",
        }
    ]


def test_le_referent_prepare_choisit_et_valide(client, indicateur):
    SiteFactory()
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(reverse("pilotage:transparence"), {"annee": 2023, "trimestre": 3})
    publication = PublicationTrimestrielle.objects.get()
    assert reponse["Location"] == reverse("pilotage:publication", args=[publication.pk])
    refus = client.post(reverse("pilotage:publication_valider", args=[publication.pk]), follow=True)
    assertContains(refus, "Choisissez au moins un indicateur")
    client.post(reverse("pilotage:publication", args=[publication.pk]), {"indicateurs": [indicateur.pk]})
    reponse = client.post(reverse("pilotage:publication_valider", args=[publication.pk]), follow=True)
    assertContains(reponse, "validé : il est publié")
    publication.refresh_from_db()
    assert publication.est_validee
    # Changer les indicateurs retire la validation.
    client.post(reverse("pilotage:publication", args=[publication.pk]), {"indicateurs": []})
    publication.refresh_from_db()
    assert not publication.est_validee
    client.logout()
    assert client.get(reverse("resultats:trimestre", args=[2023, 3])).status_code == 404


def test_formulaire_de_trimestre_invalide(client):
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.post(reverse("pilotage:transparence"), {"annee": 1800, "trimestre": 5})
    assert reponse.status_code == 200
    assert set(reponse.context["form"].errors) == {"annee", "trimestre"}


def test_pages_publiques_requetes_fixes(client, django_assert_max_num_queries):
    for rang in range(6):
        indicateurs = [IndicateurFactory() for _ in range(3)]
        for indicateur in indicateurs:
            MesureFactory(indicateur=indicateur, mois=1 + rang % 3)
        PublicationFactory(annee=2020 + rang, trimestre=1, indicateurs=indicateurs, validee=True)
    with django_assert_max_num_queries(5):
        client.get(reverse("resultats:index"))
    with django_assert_max_num_queries(5):
        client.get(reverse("resultats:open_data"))


def test_demo_publie_le_t3_2023(client):
    call_command("charger_demo", stdout=io.StringIO())
    call_command("charger_demo", stdout=io.StringIO())
    publication = PublicationTrimestrielle.objects.get()
    assert publication.est_validee and publication.est_demo
    reponse = client.get(reverse("resultats:trimestre", args=[2023, 3]))
    assert reponse.status_code == 200
    assert len(reponse.context["publiee"].resultats) == publication.indicateurs.count() > 0
