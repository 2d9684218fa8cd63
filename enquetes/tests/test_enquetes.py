"""Enquêtes de satisfaction et mystères : tableau comparatif, taux de réponse, pages, affiche PDF, saisie."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from enquetes import selectors
from enquetes.models import EnqueteMystere, EnqueteSatisfaction
from enquetes.services import enquete_mystere_enregistrer, part_positifs
from enquetes.tests.factories import (
    EnqueteMystereFactory,
    EnqueteSatisfactionFactory,
    MentionLitteraleFactory,
    ResultatCritereFactory,
)
from indicateurs.models import Mesure
from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import UtilisateurFactory
from tests_outils import pdf_ua

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referente", referent=True)


@pytest.fixture
def deux_annees():
    """Trois critères de la seed : une hausse de 25 points, une baisse de 4, une égalité."""
    e2022 = EnqueteSatisfactionFactory(annee=2022)
    e2023 = EnqueteSatisfactionFactory(annee=2023, periode="du 6 au 13 novembre 2023", echantillon=332, reponses=86)
    lignes = [
        ("Equipements et organisation", "Confort des espaces d'attente et d'accueil", 93, 89),
        ("Equipements et organisation", "Délai d'attente", 85, 85),
        ("Accueil téléphonique", "Accueil téléphonique", 68, 93),
    ]
    for ordre, (theme, critere, taux_2022, taux_2023) in enumerate(lignes):
        ResultatCritereFactory(enquete=e2022, theme=theme, critere=critere, taux=taux_2022, ordre=ordre)
        ResultatCritereFactory(enquete=e2023, theme=theme, critere=critere, taux=taux_2023, ordre=ordre)
    MentionLitteraleFactory(enquete=e2023, categorie="Remerciements au personnel", nombre=11)
    MentionLitteraleFactory(enquete=e2023, categorie="Souhait de davantage de courtoisie", nombre=1)
    return e2023


@pytest.mark.parametrize(
    ("points", "attendu"),
    [
        (D(3), f"+3{NBSP}pts"),
        (D(-1), f"−1{NBSP}pt"),
        (D(25), f"+25{NBSP}pts"),
        (D(-4), f"−4{NBSP}pts"),
        (D(0), "—"),
        (D("1.5"), f"+1,5{NBSP}pt"),
        (None, "—"),
    ],
)
def test_variation_en_points(points, attendu):
    assert selectors.texte_points(points) == attendu


@pytest.mark.parametrize(
    ("reponses", "echantillon", "taux", "affiche"),
    [(86, 332, D("25.90"), f"26{NBSP}%"), (1, 3, D("33.33"), f"33{NBSP}%"), (0, 10, D("0.00"), f"0{NBSP}%")],
)
def test_taux_de_reponse(reponses, echantillon, taux, affiche):
    enquete = EnqueteSatisfaction(annee=2023, reponses=reponses, echantillon=echantillon)
    assert enquete.taux_reponse == taux
    assert selectors.texte_taux_reponse(enquete) == affiche


def test_taux_de_reponse_inconnu_sans_echantillon():
    enquete = EnqueteSatisfaction(annee=2022)
    assert enquete.taux_reponse is None and selectors.texte_taux_reponse(enquete) == "—"


def test_tableau_satisfaction(deux_annees, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        lignes = selectors.tableau_satisfaction(2023)
    assert [(ligne.critere, ligne.taux_precedent, ligne.taux, ligne.variation) for ligne in lignes] == [
        ("Confort des espaces d'attente et d'accueil", D(93), D(89), D(-4)),
        ("Délai d'attente", D(85), D(85), D(0)),
        ("Accueil téléphonique", D(68), D(93), D(25)),
    ]
    groupes = selectors.par_theme(lignes)
    assert [(g.theme, g.nb, g.critere_unique) for g in groupes] == [
        ("Equipements et organisation", 2, False),
        ("Accueil téléphonique", 1, True),
    ]


def test_critere_abandonne_vient_a_la_fin_sans_taux(deux_annees):
    ResultatCritereFactory(
        enquete=EnqueteSatisfaction.objects.get(annee=2022), theme="Agents", critere="Ancien", taux=50
    )
    derniere = selectors.tableau_satisfaction(2023)[-1]
    assert (derniere.critere, derniere.taux, derniere.variation_texte) == ("Ancien", None, "—")


def test_page_resultats(client, deux_annees):
    client.force_login(UtilisateurFactory(username="copil"))
    reponse = client.get(reverse("enquetes:enquetes"), {"annee": 2023})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert f"26{NBSP}%" in contenu and "332 personnes" in contenu
    assert f"+25{NBSP}pts" in contenu and f"−4{NBSP}pts" in contenu
    assert "Remerciements au personnel" in contenu and ">12<" in contenu  # total des mentions
    assert "Importer des résultats" not in contenu  # lecture seule pour le COPIL


def test_page_resultats_requetes_constantes(client, referent, deux_annees, django_assert_max_num_queries):
    for numero in range(20):
        ResultatCritereFactory(enquete=deux_annees, critere=f"Critère supplémentaire {numero}")
        EnqueteMystereFactory(annee=2023)
    client.force_login(referent)
    with django_assert_max_num_queries(14):
        reponse = client.get(reverse("enquetes:enquetes"), {"annee": 2023})
    assert reponse.content.decode().count("Critère supplémentaire") == 20


def test_affiche_pdf_relue(client, deux_annees):
    from pypdf import PdfReader

    client.force_login(UtilisateurFactory(username="copil"))
    reponse = client.get(reverse("enquetes:enquete_affiche", args=[2023]))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    lecteur = PdfReader(io.BytesIO(reponse.content))
    assert len(lecteur.pages) == 1
    texte = " ".join(page.extract_text() for page in lecteur.pages).replace(NBSP, " ")
    assert "Accueil téléphonique" in texte
    assert "93 %" in texte and "+25 pts" in texte and "−4 pts" in texte and "26 %" in texte
    assert lecteur.metadata.title == "Enquête de satisfaction 2023 : les résultats"
    racine = lecteur.trailer["/Root"]
    assert racine["/Lang"] == "fr" and racine["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in racine
    assert b"pdfuaid" in racine["/Metadata"].get_object().get_data()  # déclaration PDF/UA (XMP)
    assert pdf_ua.defauts(reponse.content) == []  # un seul H1, tableau balisé, rien hors de l'arbre


def test_modifier_enquete_enregistre_et_redirige(client, referent, deux_annees):
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:enquete_modifier", args=[2023]),
        {"periode": "novembre 2023", "echantillon": "400", "reponses": "100", "nombre_questions": "18", "mesure": "x"},
        follow=True,
    )
    deux_annees.refresh_from_db()
    assert (deux_annees.periode, deux_annees.echantillon, deux_annees.reponses) == ("novembre 2023", 400, 100)
    assert "Enquête de satisfaction 2023 enregistrée" in reponse.content.decode()


def test_modifier_enquete_cree_l_annee_absente(client, referent):
    client.force_login(referent)
    reponse = client.post(reverse("enquetes:enquete_modifier", args=[2024]), {"periode": "2024", "mesure": "x"})
    assert reponse.status_code == 302
    assert EnqueteSatisfaction.objects.get(annee=2024).echantillon is None


def test_modifier_enquete_invalide(client, referent, deux_annees):
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:enquete_modifier", args=[2023]), {"echantillon": "10", "reponses": "20", "mesure": "x"}
    )
    assert reponse.status_code == 200
    assert "plus de réponses que de personnes sollicitées" in reponse.content.decode()
    deux_annees.refresh_from_db()
    assert deux_annees.reponses == 86


@pytest.mark.parametrize(
    ("tests", "positifs", "publie", "attendu"),
    [(40, 37, None, D("92.50")), (3, 2, D(10), D("66.67")), (None, None, D(93), D(93)), (None, 5, D(80), D(80))],
)
def test_part_positifs(tests, positifs, publie, attendu):
    assert part_positifs(nombre_tests=tests, tests_positifs=positifs, taux_publie=publie) == attendu


def test_enquete_mystere_alimente_son_indicateur():
    indicateur = IndicateurFactory(code="appels_mysteres_positifs", annuel=True, unite="%")
    enquete = EnqueteMystere(annee=2023, intitule="Standard", canal="telephone", nombre_tests=40, tests_positifs=37)
    enquete.indicateur = indicateur
    enquete_mystere_enregistrer(enquete=enquete)
    mesure = Mesure.objects.get(indicateur=indicateur, annee=2023)
    assert (mesure.valeur, mesure.mois, mesure.trimestre) == (D("92.50"), 0, 0)


def test_enquete_mystere_ne_reecrit_pas_une_mesure_identique():
    indicateur = IndicateurFactory(code="appels_mysteres_positifs", annuel=True, unite="%")
    MesureFactory(indicateur=indicateur, annee=2023, mois=0, numerateur=None, denominateur=None, valeur=D(93),
                  commentaire="publié")  # fmt: skip
    enquete = EnqueteMystere(annee=2023, intitule="Standard", canal="telephone", taux_positifs=D(93))
    enquete.indicateur = indicateur
    enquete_mystere_enregistrer(enquete=enquete)
    assert Mesure.objects.get(indicateur=indicateur).commentaire == "publié"


def test_creer_enquete_mystere_par_la_page(client, referent):
    indicateur = IndicateurFactory(code="appels_mysteres_positifs", annuel=True, unite="%")
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:mystere_creer"),
        {"annee": "2023", "intitule": "Standard", "canal": "telephone", "partenaires": "Jura et Doubs",
         "nombre_tests": "", "tests_positifs": "", "taux_positifs": "93", "indicateur": indicateur.pk},
    )  # fmt: skip
    assert reponse.status_code == 302
    assert EnqueteMystere.objects.get().nombre_tests is None
    assert Mesure.objects.get(indicateur=indicateur, annee=2023).valeur == D(93)


def test_creer_enquete_mystere_invalide(client, referent):
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:mystere_creer"),
        {"annee": "2023", "intitule": "Standard", "canal": "telephone", "nombre_tests": "5", "tests_positifs": "6"},
    )
    assert reponse.status_code == 200
    assert "plus de tests positifs que de tests" in reponse.content.decode()
    assert not EnqueteMystere.objects.exists()


def test_modifier_enquete_mystere(client, referent):
    enquete = EnqueteMystereFactory(taux_positifs=D(80))
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:mystere_modifier", args=[enquete.pk]),
        {"annee": "2023", "intitule": enquete.intitule, "canal": "courriel", "taux_positifs": "85"},
    )
    assert reponse.status_code == 302
    enquete.refresh_from_db()
    assert (enquete.canal, enquete.taux_positifs) == ("courriel", D(85))


def test_anonyme_vers_connexion(client):
    reponse = client.get(reverse("enquetes:enquete_affiche", args=[2023]))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("login"))


def test_mentions_saisies_dans_la_page(client, referent, deux_annees):
    client.force_login(referent)
    url = reverse("enquetes:enquete_modifier", args=[2023])
    assert "Remerciements au personnel : 11" in client.get(url).content.decode()
    reponse = client.post(
        url, {"mesure": "x", "mentions": "Remerciements au personnel : 12\n\nSouhait de plages plus étendues : 2"}
    )
    assert reponse.status_code == 302
    mentions = selectors.mentions_litterales(2023)
    assert [(m.categorie, m.nombre) for m in mentions] == [
        ("Remerciements au personnel", 12),
        ("Souhait de plages plus étendues", 2),
    ]


def test_mentions_invalides_nomment_leur_ligne(client, referent, deux_annees):
    client.force_login(referent)
    reponse = client.post(
        reverse("enquetes:enquete_modifier", args=[2023]), {"mesure": "x", "mentions": "Merci : 3\nSans nombre"}
    )
    assert reponse.status_code == 200
    assert "ligne 2 : écrivez « tendance : nombre »" in reponse.content.decode()
    assert len(selectors.mentions_litterales(2023)) == 2


def test_repartition_affichee_quand_connue(client, deux_annees):
    ResultatCritereFactory(
        enquete=deux_annees, critere="Signalétique", taux=95, pas_satisfaisant=1, peu_satisfaisant=3,
        satisfaisant=40, tres_satisfaisant=36,
    )  # fmt: skip
    client.force_login(UtilisateurFactory(username="copil"))
    contenu = client.get(reverse("enquetes:enquetes"), {"annee": 2023}).content.decode()
    assert "Répartition des réponses" in contenu and ">36<" in contenu


def test_repartition_absente_sans_donnees(client, deux_annees):
    client.force_login(UtilisateurFactory(username="copil"))
    assert "Répartition des réponses" not in client.get(reverse("enquetes:enquetes")).content.decode()
