"""La démonstration redonne exactement le tableau 2022/2023 de la seed, ses mentions et son enquête mystère."""

import json
from decimal import Decimal

import pytest

from enquetes import demo, selectors
from enquetes.demo import APPELS_MYSTERES
from enquetes.models import EnqueteMystere, EnqueteSatisfaction, Sollicitation
from indicateurs import demo as demo_indicateurs
from indicateurs.models import Mesure
from tests_outils.demo import fixture_demo

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"

# Le tableau de la seed (section 2.4), la variation écrite en points comme le demande l'issue.
TABLEAU_SEED = [
    ("Agents", "Courtoisie", "93 %", "96 %", "+3 pts"),
    ("Agents", "Disponibilité", "96 %", "95 %", "−1 pt"),
    ("Agents", "Langage compréhensible", "94 %", "96 %", "+2 pts"),
    ("Agents", "Orientation vers le bon service", "93 %", "95 %", "+2 pts"),
    ("Agents", "Point numérique", "100 %", "100 %", "—"),
    ("Equipements et organisation", "Signalétique", "94 %", "95 %", "+1 pt"),
    ("Equipements et organisation", "Equipements / services mis à disposition", "89 %", "88 %", "−1 pt"),
    ("Equipements et organisation", "Confort des espaces d'attente et d'accueil", "93 %", "89 %", "−4 pts"),
    ("Equipements et organisation", "Délai d'attente", "85 %", "85 %", "—"),
    ("Equipements et organisation", "Confidentialité des espaces/échanges", "89 %", "89 %", "—"),
    ("Accueil téléphonique", "Accueil téléphonique", "68 %", "93 %", "+25 pts"),
]
MENTIONS_SEED = [
    ("Remerciements au personnel", 11),
    ("Souhait d'un module de prise de rendez-vous plus simple", 9),
    ("Souhait d'un volume de rendez-vous plus important", 6),
    ("Souhait d'amélioration des délais d'attente", 3),
    ("Souhait de plages horaires de rendez-vous plus étendues", 2),
    ("Souhait du déploiement de l'ANEF au renouvellement de titres", 1),
    ("Souhait de moyens matériels (protection froid, contre les incivilités)", 2),
    ("Souhait de davantage de courtoisie", 1),
]


# Chargée une fois pour le module : ces tests la lisent seulement (le chargement : test_demo_chargement.py).
demo_chargee = fixture_demo(demo_indicateurs.charger, demo.charger)


def test_tableau_de_la_seed(demo_chargee):
    lignes = [
        (ligne.theme, ligne.critere, ligne.precedent_texte, ligne.taux_texte, ligne.variation_texte)
        for ligne in selectors.tableau_satisfaction(2023)
    ]
    assert [tuple(cellule.replace(NBSP, " ") for cellule in ligne) for ligne in lignes] == TABLEAU_SEED
    groupes = selectors.par_theme(selectors.tableau_satisfaction(2023))
    assert [g.theme for g in groupes] == ["Agents", "Equipements et organisation", "Accueil téléphonique"]


def test_enquete_2023_et_taux_de_reponse(demo_chargee):
    enquete = selectors.enquete_satisfaction(2023)
    assert (enquete.echantillon, enquete.reponses, enquete.nombre_questions) == (332, 86, 18)
    assert selectors.texte_taux_reponse(enquete) == f"26{NBSP}%"
    assert enquete.periode == "du 6 au 13 novembre 2023"
    # 2022 : seulement les taux, rien d'inventé.
    assert EnqueteSatisfaction.objects.filter(annee=2022, echantillon=None, reponses=None, periode="").exists()


def test_mentions_litterales(demo_chargee):
    mentions = selectors.mentions_litterales(2023)
    assert [(m.categorie, m.nombre) for m in mentions] == MENTIONS_SEED
    assert sum(m.nombre for m in mentions) == 35


def test_enquete_mystere_et_indicateur(demo_chargee):
    enquete = EnqueteMystere.objects.get()
    assert (enquete.periode, enquete.canal, enquete.nombre_tests) == ("février à juin 2023", "telephone", None)
    assert enquete.partenaires == json.loads(APPELS_MYSTERES.read_text(encoding="utf-8"))["partenaires"]
    assert enquete.taux_positifs == Decimal(93) and enquete.indicateur.code == "appels_mysteres_positifs"
    assert Mesure.objects.get(indicateur__code="appels_mysteres_positifs", annee=2023).valeur == Decimal(93)


def test_registre_de_demo_marque_et_sans_effet_sur_les_chiffres_publies(demo_chargee):
    assert Sollicitation.objects.exists() and not Sollicitation.objects.filter(est_demo=False).exists()
    # Aucune réclamation ni suggestion sur les périodes publiées (2022, 2023).
    assert selectors.termes_registre(2023).recues == 0 and selectors.termes_registre(2022).recues == 0
    assert not Mesure.objects.filter(commentaire="calculé depuis le registre des sollicitations").exists()
