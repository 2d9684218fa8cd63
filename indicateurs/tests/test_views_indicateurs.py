"""Liste, fiche (graphique SVG + tableau), action corrective, export."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engagements.tests.factories import EngagementFactory
from indicateurs.models import AlerteIndicateur
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.models import Action, Origine

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referente", referent=True)


@pytest.fixture
def hors_cible():
    indicateur = IndicateurFactory(
        code="appels_perdus", libelle="Taux d'appels perdus", service_recueil=ServiceFactory()
    )
    indicateur.engagements.set([EngagementFactory()])
    MesureFactory(indicateur=indicateur, annee=2023, mois=1, numerateur=D(12), denominateur=D(100))
    MesureFactory(indicateur=indicateur, annee=2022, mois=1, numerateur=D(8), denominateur=D(100))
    return indicateur


def test_liste_anonyme_vers_connexion(client):
    reponse = client.get(reverse("indicateurs:liste"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("login"))


def test_liste_affiche_valeurs_et_statut(client, referent, hors_cible):
    client.force_login(UtilisateurFactory(username="copil"))
    reponse = client.get(reverse("indicateurs:liste"), {"annee": 2023})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Taux d&#x27;appels perdus" in contenu
    assert "12\u00a0%" in contenu and "8\u00a0%" in contenu
    assert "Hors cible" in contenu
    assert "Saisie mensuelle" not in contenu.split("<main")[1]


def test_liste_requetes_constantes(client, referent, django_assert_max_num_queries):
    for numero in range(10):
        indicateur = IndicateurFactory(code=f"i{numero}")
        for mois in range(1, 13):
            MesureFactory(indicateur=indicateur, annee=2023, mois=mois)
    client.force_login(referent)
    with django_assert_max_num_queries(10):
        reponse = client.get(reverse("indicateurs:liste"), {"annee": 2023})
    assert reponse.content.decode().count("8\u00a0%") == 10


def test_fiche_graphique_svg_accessible_et_tableau(client, referent, hors_cible):
    client.force_login(referent)
    reponse = client.get(reverse("indicateurs:detail", args=["appels_perdus"]), {"annee": 2023})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'role="img"' in contenu and "<title id=" in contenu and "<desc id=" in contenu
    assert "style=" not in contenu.split("<svg")[1].split("</svg>")[0]
    assert "Cible ≤ 10\u00a0%" in contenu
    assert "données</caption>" in contenu
    assert "Créer une action corrective" in contenu


def test_fiche_inconnue_404(client, referent):
    client.force_login(referent)
    assert client.get(reverse("indicateurs:detail", args=["inconnu"])).status_code == 404


def test_action_corrective_creee_une_seule_fois(client, referent, hors_cible):
    client.force_login(referent)
    url = reverse("indicateurs:action_corrective", args=["appels_perdus", 2023])
    reponse = client.post(url)
    assert reponse.status_code == 302
    action = Action.objects.get()
    assert action.origine == Origine.INDICATEUR
    assert action.service_pilote == hors_cible.service_recueil
    assert list(action.engagements.all()) == list(hors_cible.engagements.all())
    assert action.origine_lien == f"{reverse('indicateurs:detail', args=['appels_perdus'])}?annee=2023"
    alerte = AlerteIndicateur.objects.get()
    assert alerte.action == action and alerte.valeur == D("12.00")
    suivante = client.get(reponse["Location"])
    assert "créée dans le plan" in suivante.content.decode()
    assert "Créer une action corrective" not in suivante.content.decode()
    assert action.reference in suivante.content.decode()
    # Une seconde demande ne crée rien.
    reponse = client.post(url, follow=True)
    assert Action.objects.count() == 1
    assert "existe déjà" in reponse.content.decode()


def test_action_corrective_refusee_si_cible_atteinte(client, referent):
    indicateur = IndicateurFactory(code="bon")
    MesureFactory(indicateur=indicateur, annee=2023, mois=1)
    client.force_login(referent)
    reponse = client.post(reverse("indicateurs:action_corrective", args=["bon", 2023]), follow=True)
    assert "respecte sa cible" in reponse.content.decode()
    assert not Action.objects.exists()


def test_action_corrective_get_refuse(client, referent, hors_cible):
    client.force_login(referent)
    assert client.get(reverse("indicateurs:action_corrective", args=["appels_perdus", 2023])).status_code == 405


def test_export_csv_et_xlsx(client, referent, hors_cible):
    client.force_login(referent)
    reponse = client.get(reverse("indicateurs:export", args=["csv"]), {"annee": 2023})
    texte = reponse.content.decode("utf-8-sig")
    assert texte.splitlines()[0] == (
        "Indicateur;Libellé;Période;Début de la période;Numérateur;Dénominateur;Valeur;Valeur de la période;"
        "Valeur de l'année à cette date;Provisoire;Commentaire"
    )
    ligne = texte.splitlines()[1].split(";")
    assert ligne[:8] == ["appels_perdus", "Taux d'appels perdus", "2023-01", "01/01/2023", "12", "100", "", "12 %"]
    assert len(texte.splitlines()) == 2
    reponse = client.get(reverse("indicateurs:export", args=["xlsx"]))
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    valeurs = [cellule.value for cellule in feuille[2]]
    assert (valeurs[0], valeurs[2], valeurs[4], valeurs[5]) == ("appels_perdus", "2022-01", 8, 100)
    assert client.get(reverse("indicateurs:export", args=["pdf"])).status_code == 404


def test_section_indicateurs_de_la_page_engagement(referent, hors_cible):
    from django.template.loader import render_to_string

    from engagements.liens import sections_pour

    engagement = hors_cible.engagements.get()
    (section,) = [s for s in sections_pour(engagement, referent) if s["titre"] == "Indicateurs"]
    html = render_to_string(section["gabarit"], section["contexte"])
    assert "appels perdus" in html and "12\u00a0%" in html and "hors cible" in html
    assert not [s for s in sections_pour(EngagementFactory(), referent) if s["titre"] == "Indicateurs"]
