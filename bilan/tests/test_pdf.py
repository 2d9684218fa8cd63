"""Le PDF de démonstration 2023, relu avec pypdf et pdftotext : contenu, éditions, PDF/UA, polices."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader

from bilan.contenu import CHAPITRES
from bilan.rendu import rendre_pdf
from organisation.demo import COMPTES_DEMO, identite_demo
from tests_outils import pdf_ua

# La base de test doit exister pour la fixture de module (les tests eux-mêmes ne lisent que le PDF).
pytestmark = pytest.mark.django_db


def _texte(contenu: bytes) -> str:
    sortie = subprocess.run(["pdftotext", "-layout", "-", "-"], input=contenu, capture_output=True, check=True)
    return re.sub(r"[ \t]+", " ", sortie.stdout.decode())


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker):
    """Un rendu de la démonstration par édition, pour tout le module (données annulées ensuite)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("charger_demo", stdout=io.StringIO())
        resultat = {edition: rendre_pdf(2023, edition) for edition in ("copil", "clu")}
        transaction.set_rollback(True)
    return {edition: (pdf, _texte(pdf.contenu)) for edition, pdf in resultat.items()}


@pytest.mark.parametrize("edition", ["copil", "clu"])
def test_chaque_chapitre_figure_dans_le_pdf_et_le_sommaire(pdfs, edition):
    _, texte = pdfs[edition]
    for _, titre in CHAPITRES:
        assert texte.count(titre) >= 2, titre  # sommaire + chapitre
    assert re.search(r"Page 1 / \d+", texte) is None  # la couverture n'a pas de pied de page
    assert re.search(r"Page 2 / (\d+)", texte)


@pytest.mark.parametrize("edition", ["copil", "clu"])
def test_organisation_181_agents(pdfs, edition):
    _, texte = pdfs[edition]
    assert "181 agents (113 + 68)" in texte


@pytest.mark.parametrize("edition", ["copil", "clu"])
def test_tableau_des_constats_de_la_seed(pdfs, edition):
    _, texte = pdfs[edition]
    plat = " ".join(texte.split())
    assert "Constats de l'audit par module" in texte
    # Extraits des N° 3, 12 et 17 du tableau de l'auditeur (seed).
    for extrait in ("Communiquer sur les", "Points sensibles 3", "Pistes de progrès 8", "Points forts 6"):
        assert extrait in plat, extrait


@pytest.mark.parametrize(
    "libelle,attendus",
    [
        ("Taux d'appels perdus (standard)", ["≤ 10 %", "7,25 %", "8,23 %"]),
        ("Réclamations reçues par messagerie : taux de réponse", ["≥ 80 %", "84,71 %", "82,85 %"]),
        ("Réclamations reçues par messagerie : délai moyen de réponse", ["≤ 5,00 jours", "2,43 jours", "3,73 jours"]),
        ("Demandes d'informations générales : taux de réponse", ["≥ 80 %", "100 %", "93,33 %"]),
        ("Demandes d'informations générales : délai moyen de réponse", ["≤ 5,00 jours", "1,26 jour", "1,42 jour"]),
        ("Fréquentation des points d'accueil numérique", ["5 642", "5 625"]),
        ("Enquête mystère sur le standard : résultats positifs", ["93 %"]),
    ],
)
def test_chaque_indicateur_de_la_seed_avec_cible_et_resultats(pdfs, libelle, attendus):
    _, texte = pdfs["clu"]
    plat = " ".join(texte.replace("\u202f", " ").split())
    debut = plat.index(libelle)
    bloc = plat[plat.index(" Cible :", debut) :][:400]  # le paragraphe de l'indicateur
    for attendu in attendus:
        assert attendu in bloc, (libelle, attendu)


@pytest.mark.parametrize(
    ("critere", "attendu"),
    [
        ("Courtoisie", "93 % 96 % +3 pts"),
        ("Disponibilité", "96 % 95 % −1 pt"),
        ("Point numérique", "100 % 100 % —"),
        ("Confort des espaces d'attente et d'accueil", "93 % 89 % −4 pts"),
        ("Délai d'attente", "85 % 85 % —"),
        ("Accueil téléphonique", "68 % 93 % +25 pts"),
    ],
)
def test_tableau_de_satisfaction_avec_ses_variations(pdfs, critere, attendu):
    _, texte = pdfs["clu"]
    plat = " ".join(texte.replace("\u00a0", " ").replace("\u202f", " ").split())
    chapitre = plat[plat.index("Enquête de satisfaction 2023") :]
    assert f"{critere} {attendu}" in chapitre


def test_taux_de_reponse_mentions_et_enquete_mystere(pdfs):
    _, texte = pdfs["copil"]
    plat = " ".join(texte.replace("\u00a0", " ").replace("\u202f", " ").split())
    assert "332 personnes, 86 réponses, taux de réponse 26 %" in plat
    assert "Remerciements au personnel 11" in plat
    assert "(35 mentions)" in plat
    assert "93 % de résultats positifs" in plat


def test_pdf_ua_metadonnees_et_polices(pdfs):
    pdf, _ = pdfs["copil"]
    lecteur = PdfReader(io.BytesIO(pdf.contenu))
    xmp = lecteur.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert lecteur.trailer["/Root"]["/Lang"] == "fr"
    # L'identité saisie par la démonstration (organisation/donnees/prefecture.json).
    assert lecteur.metadata.title == f"Bilan qualité 2023 — {identite_demo()['nom']} (édition COPIL)"
    assert "Camille Référente (démo)" in lecteur.metadata.author
    assert len(lecteur.pages) == pdf.nb_pages
    polices = set()
    for page in lecteur.pages[:3]:
        for police in page["/Resources"]["/Font"].values():
            descripteur = police.get_object().get("/FontDescriptor")
            if descripteur is None:
                for descendante in police.get_object().get("/DescendantFonts", []):
                    descripteur = descendante.get_object()["/FontDescriptor"]
            descripteur = descripteur.get_object()
            assert any(cle in descripteur for cle in ("/FontFile", "/FontFile2", "/FontFile3"))
            polices.add(str(descripteur["/FontName"]))
    assert any("Marianne" in nom for nom in polices), polices


def test_edition_copil_nomme_les_personnes_et_les_commentaires_internes(pdfs):
    _, texte = pdfs["copil"]
    assert "Édition COPIL" in texte
    assert "Camille Référente (démo)" in texte
    assert "Correspondants qualité par service" in texte
    assert "dernier commentaire" in texte


def test_edition_clu_sans_aucun_nom_de_personne_ni_commentaire_interne(pdfs):
    pdf, texte = pdfs["clu"]
    assert "Édition du comité local des usagers" in texte
    lecteur = PdfReader(io.BytesIO(pdf.contenu))
    assert lecteur.metadata.author == identite_demo()["nom"]
    plat = " ".join(texte.split())
    for identifiant, prenom, nom, _, _ in COMPTES_DEMO:
        for interdit in (prenom, nom, f"{nom} (démo)"):
            assert interdit not in plat, interdit
        assert re.search(rf"\b{re.escape(identifiant)}\b", plat) is None, identifiant
    assert "(démo)" not in plat.replace("(démo ", "")  # seuls les libellés d'actions de démo « (démo 132) »
    assert "Correspondants qualité par service" not in plat
    assert "commentaire" not in plat.lower().replace("commentaires internes", "")


def test_copil_2023_trois_annees_du_pan_et_les_17_constats(pdfs):
    _, texte = pdfs["copil"]
    plat = " ".join(texte.replace("\u202f", " ").replace("\u00a0", " ").split())
    bloc = plat[plat.index(") Cible :", plat.index("Fréquentation des points d'accueil numérique")) :]
    trois_annees = bloc[bloc.index("Trois années :") :][:200]
    assert "2021 : 4 695" in trois_annees and "2022 : 5 625 (+19,8 %)" in trois_annees
    assert "2023 (au 31/10/2023) : 5 642" in trois_annees
    assert "Points sensibles 3" in plat and "Pistes de progrès 8" in plat and "Points forts 6" in plat
    assert "Le rapport d'audit compte 17 constats." in plat


@pytest.mark.parametrize("edition", ["copil", "clu"])
def test_structure_pdf_ua_acceptable_par_une_personne(pdfs, edition):
    """Arbre relu avec pikepdf : pagination en artefacts, TH et Scope, IDTree, tableaux entiers, sommaire à plat."""
    pdf, _ = pdfs[edition]
    structure = pdf_ua.Structure.lire(pdf.contenu)
    assert structure.defauts() == []
    sommaire = [structure.texte_lien(lien) for lien in structure.elements("/Link")][: len(CHAPITRES)]
    assert sommaire == [titre for _, titre in CHAPITRES]  # l'intitulé du chapitre, sans points ni numéro de page
    assert len(structure.elements("/H1")) == 1 and len(structure.elements("/Table")) >= 10
