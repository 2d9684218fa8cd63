"""Le diaporama de démonstration 2023, relu : python-pptx rouvre le PPTX (texte, tableaux, graphiques natifs et
leurs données, notes), pdftotext et pypdf relisent le PDF 16:9 ; LibreOffice Impress l'ouvre s'il est installé."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction
from pptx import Presentation as OuvrirPptx
from pypdf import PdfReader

from audits.models import Constat
from bilan.presentation.rendu import rendre
from organisation.demo import COMPTES_DEMO
from organisation.models import Utilisateur
from tests_outils import pdf_ua

from .presentation_lecture import lire_pptx, plat, texte_pdf

pytestmark = pytest.mark.django_db

CHIFFRES_DE_LA_SEED = ["8,23 %", "7,25 %", "84,71 %", "5 625", "+25 pts", "155 actions"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Un rendu de la démonstration par édition et par format (données annulées ensuite) ; le temps se mesure au
    banc (`make bench`), jamais dans un test."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("charger_demo", stdout=io.StringIO())
        fichiers = {}
        for edition in ("copil", "clu"):
            for format in ("pptx", "pdf"):
                fichiers[edition, format] = rendre(2023, edition, format)
        partiel = rendre(2023, "copil", "pptx", retenues=["indicateurs", "satisfaction"])
        constats = list(Constat.objects.filter(audit__date_debut__year=2023).values_list("texte", flat=True)) or list(
            Constat.objects.values_list("texte", flat=True)
        )
        noms = set()
        for compte in Utilisateur.objects.all():
            noms |= {str(compte), compte.get_full_name()}
        transaction.set_rollback(True)
    return {
        "fichiers": fichiers,
        "partiel": partiel,
        "constats": constats,
        "noms": {nom for nom in noms if nom and len(nom) > 3},
        "dossier": tmp_path_factory.mktemp("diaporama"),
    }


@pytest.fixture(scope="module")
def lectures(demo):
    return {edition: lire_pptx(demo["fichiers"][edition, "pptx"].contenu) for edition in ("copil", "clu")}


@pytest.mark.parametrize("edition", ["copil", "clu"])
def test_le_pptx_porte_les_chiffres_de_la_seed(lectures, edition):
    tout = lectures[edition].tout
    for chiffre in CHIFFRES_DE_LA_SEED:
        assert chiffre in tout, chiffre


def test_les_chiffres_sont_dans_les_tableaux_natifs(lectures):
    tableaux = plat(" ".join(lectures["copil"].tableaux))
    assert "Accueil téléphonique | Accueil téléphonique | 68 % | 93 % | +25 pts" in tableaux
    assert "2022 | 8,23 % | —" in tableaux
    assert "2023 (au 31/10/2023) | 7,25 % (provisoire) | −0,74 pt" in tableaux
    assert "2023 (au 31/10/2023) | 84,71 % (provisoire)" in tableaux
    assert "2022 | 5 625 | +19,8 %" in tableaux
    assert "Réalisée | 95" in tableaux


def test_les_textes_des_constats_sont_dans_le_tableau_de_l_auditeur(demo, lectures):
    tableaux = plat(" ".join(lectures["copil"].tableaux))
    assert len(demo["constats"]) == 17
    for texte in demo["constats"]:
        assert plat(texte) in tableaux, texte


def test_graphiques_natifs_avec_leurs_donnees(lectures):
    graphiques = {g["titre"].split(" (Cible")[0]: g for g in lectures["copil"].graphiques}
    appels = graphiques["Taux d'appels perdus (standard) : 2023 et 2022, mois par mois"]
    assert appels["categories"][:3] == ["janv.", "févr.", "mars"]
    assert appels["series"]["2023"][7] == pytest.approx(14.65)  # août 2023
    assert appels["series"]["2023"][10] is None  # novembre 2023 pas encore mesuré
    assert appels["series"]["2022"][11] == pytest.approx(10.39)
    assert appels["classeur"] > 0  # les données sont dans le classeur intégré (modifiables)
    statuts = graphiques["Actions par statut"]
    assert sum(statuts["series"]["Actions"]) == 155
    satisfaction = graphiques["Taux de satisfaction par critère : 2022 et 2023"]
    index = satisfaction["categories"].index("Accueil téléphonique")
    assert (satisfaction["series"]["2023"][index], satisfaction["series"]["2022"][index]) == (93, 68)
    assert graphiques["Constats par nature"]["series"]["Constats"] == [3, 8, 6]


def test_seize_neuviemes_et_notes_de_l_orateur(lectures):
    lecture = lectures["copil"]
    assert lecture.taille[0] * 9 == lecture.taille[1] * 16
    notes = " ".join(lecture.notes)
    assert "Définition :" in notes and "Taux de satisfaction : part des répondants" in notes
    assert all(lecture.notes)


def test_ordre_des_diapositives_de_la_seed(lectures):
    titres = lectures["copil"].titres
    attendus = [
        "Ordre du jour",
        "Le label",
        "Le dernier audit",
        "Le plan d'actions",
        "Taux d'appels perdus (standard)",
        "Les appels mystères",
        "L'enquête de satisfaction",
        "L'écoute des usagers",
        "Transparence et Services Publics+",
        "Perspectives",
    ]
    positions = [titres.index(titre) for titre in attendus]
    assert positions == sorted(positions)


def test_l_edition_clu_ne_nomme_aucun_compte(demo, lectures):
    clu = lectures["clu"].tout
    for nom in demo["noms"]:
        assert nom not in clu, nom
    for _, prenom, nom, _, _ in COMPTES_DEMO:
        for interdit in (prenom, nom):
            assert re.search(rf"\b{re.escape(interdit)}\b", clu) is None, interdit
    assert "Commentaire interne" not in clu and "(interne)" not in clu
    assert "(interne)" in lectures["copil"].tout
    # L'auteur : le référent qualité pour le COPIL (la liste des noms est donc juste), la préfecture pour le CLU.
    auteurs = {
        edition: OuvrirPptx(io.BytesIO(demo["fichiers"][edition, "pptx"].contenu)).core_properties.author
        for edition in ("copil", "clu")
    }
    assert any(nom in auteurs["copil"] for nom in demo["noms"])
    assert not any(nom in auteurs["clu"] for nom in demo["noms"])
    pdf = texte_pdf(demo["fichiers"]["clu", "pdf"].contenu)
    for nom in demo["noms"]:
        assert nom not in pdf, nom


def test_les_diapositives_decochees_sont_absentes(demo):
    lecture = lire_pptx(demo["partiel"].contenu)
    assert "Le plan d'actions" not in lecture.titres and "Le label" not in lecture.titres
    assert "Ordre du jour" not in lecture.titres
    assert "Taux d'appels perdus (standard)" in lecture.titres and "L'enquête de satisfaction" in lecture.titres
    assert (
        lecture.nb_diapositives == demo["partiel"].nb_diapositives < demo["fichiers"]["copil", "pptx"].nb_diapositives
    )


@pytest.mark.parametrize("edition", ["copil", "clu"])
def test_le_pdf_seize_neuviemes_porte_les_memes_chiffres(demo, edition):
    fichier = demo["fichiers"][edition, "pdf"]
    texte = texte_pdf(fichier.contenu)
    for chiffre in CHIFFRES_DE_LA_SEED:
        assert chiffre in texte, chiffre
    lecteur = PdfReader(io.BytesIO(fichier.contenu))
    assert len(lecteur.pages) == fichier.nb_diapositives  # une diapositive, une page
    boite = lecteur.pages[0].mediabox
    assert round(float(boite.width) * 9) == round(float(boite.height) * 16)
    assert lecteur.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in lecteur.trailer["/Root"]  # PDF balisé (PDF/UA-1)
    xmp = lecteur.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    polices = {
        str(police.get_object().get("/BaseFont", "")) for police in lecteur.pages[1]["/Resources"]["/Font"].values()
    }
    assert any("Marianne" in nom for nom in polices), polices
    assert "Démarche qualité : bilan 2023" in lecteur.metadata.title
    # La structure que relit tests_outils.pdf_ua (artefacts, tableaux, liens, un seul H1 par page…).
    assert pdf_ua.defauts(fichier.contenu) == []


def test_le_pdf_a_les_textes_des_constats_et_les_donnees_des_graphiques(demo):
    texte = texte_pdf(demo["fichiers"]["copil", "pdf"].contenu)
    assert "Communiquer sur les actions d'amélioration" in texte
    assert "Taux d'appels perdus (standard) : 2023 et 2022, mois par mois : données" in texte
    assert "14,65 %" in texte  # août 2023, dans le tableau de données du graphique


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent (make test l'installe)")
def test_libreoffice_impress_ouvre_le_diaporama_2023(demo):
    dossier = demo["dossier"]
    source = dossier / "diaporama-2023.pptx"
    source.write_bytes(demo["fichiers"]["copil", "pptx"].contenu)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{dossier / 'profil'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(dossier),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    converti = (dossier / "diaporama-2023.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(converti)).pages) == demo["fichiers"]["copil", "pptx"].nb_diapositives
    texte = texte_pdf(converti)
    assert "8,23 %" in texte and "155 actions" in texte
    # Les graphiques natifs sont dessinés par Impress depuis leurs données : leurs graduations sont dans le PDF.
    assert "Actions par statut" in texte and "Constats par nature" in texte
