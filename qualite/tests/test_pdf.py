"""Le point d'entrée unique de WeasyPrint : seuls les fichiers statiques du projet sont lus."""

import http.server
import io
import os
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from qualite import pdf

RACINE = Path(settings.BASE_DIR)


def _texte(contenu: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)


def _polices(contenu: bytes) -> set[str]:
    noms = set()
    for page in PdfReader(io.BytesIO(contenu)).pages:
        for police in page["/Resources"].get("/Font", {}).values():
            noms.add(str(police.get_object()["/BaseFont"]))
    return noms


@pytest.fixture
def serveur_externe():
    """Un serveur HTTP local qui note chaque requête reçue (il ne doit en recevoir aucune)."""
    recues: list[str] = []

    class Gestionnaire(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            recues.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::after { content: "EXTERNE-LU"; }')

        def log_message(self, *args):
            pass

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_port}", recues
    serveur.shutdown()
    serveur.server_close()


def test_ni_fichier_du_disque_ni_adresse_externe(tmp_path, serveur_externe):
    adresse, recues = serveur_externe
    secret = tmp_path / "secret.css"
    secret.write_text('body::before { content: "SECRET-LU"; }')
    html = f"""<html lang="fr"><head><title>Essai</title>
      <link rel="stylesheet" href="{secret.as_uri()}">
      <link rel="stylesheet" href="file:///etc/passwd">
      <link rel="stylesheet" href="{adresse}/feuille.css">
      <style>@import url("{adresse}/importee.css");</style>
      </head><body><p>Corps du document</p>
      <img src="{adresse}/image.png" alt=""><img src="file:///etc/hostname" alt="">
      <img src="/static/../../../etc/passwd" alt=""></body></html>"""
    document = pdf.html_en_pdf(html)
    texte = _texte(document.contenu)
    assert "Corps du document" in texte
    assert "SECRET-LU" not in texte and "EXTERNE-LU" not in texte and "root:" not in texte
    assert recues == []
    assert document.nb_pages == 1


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/static/bilan/bilan.css",
        "https://exemple.fr/static/bilan/bilan.css",
        "data:text/css,body{}",
        f"{pdf.BASE_URL}autre/bilan/bilan.css",
        f"{pdf.BASE_URL}static/../qualite/settings.py",
        f"{pdf.BASE_URL}static/bilan/%2e%2e/%2e%2e/qualite/settings.py",
        f"{pdf.BASE_URL}static//etc/passwd",
        f"{pdf.BASE_URL}static/bilan/inexistant.css",
    ],
)
def test_le_lecteur_refuse_tout_sauf_les_fichiers_statiques(url):
    assert pdf.fichier_statique(url) is None
    with pytest.raises(ValueError, match="Ressource refusée"):
        pdf.FichiersStatiques().fetch(url)


def test_le_lecteur_sert_un_fichier_statique():
    reponse = pdf.FichiersStatiques().fetch(f"{pdf.BASE_URL}static/bilan/bilan.css?v=1")
    assert reponse.read() == (RACINE / "static" / "bilan" / "bilan.css").read_bytes()
    assert reponse.content_type == "text/css"
    # Les polices de django-dsfr sont trouvées par les finders (dossier static de l'application dsfr).
    assert pdf.fichier_statique(f"{pdf.BASE_URL}static/dsfr/dist/fonts/Marianne-Bold.woff2").is_file()


def test_feuille_statique_et_ses_polices_pdf_ua():
    html = '<html lang="fr"><head><title>Affiche</title><meta name="author" content="Préfecture"></head>'
    html += "<body><h1>Résultats</h1></body></html>"
    document = pdf.html_en_pdf(html, feuilles=["pilotage/affiche.css"])
    lecteur = PdfReader(io.BytesIO(document.contenu))
    assert any("Marianne" in nom for nom in _polices(document.contenu))
    assert (round(float(lecteur.pages[0].mediabox.width)), round(float(lecteur.pages[0].mediabox.height))) == (
        595,
        842,
    )
    assert lecteur.metadata.title == "Affiche" and lecteur.metadata.author == "Préfecture"
    assert lecteur.trailer["/Root"]["/Lang"] == "fr"
    assert b"pdfuaid" in lecteur.trailer["/Root"]["/Metadata"].get_object().get_data()


@pytest.mark.django_db  # l'identité de la préfecture est lue en base
def test_rendre_pdf_depuis_un_gabarit():
    contenu = pdf.rendre_pdf("enquetes/enquete_affiche.html", {"titre": "Affiche d'essai", "annee": 2023})
    assert PdfReader(io.BytesIO(contenu)).metadata.title == "Affiche d'essai"


def test_un_seul_appel_a_weasyprint_dans_le_projet():
    """Toute génération de PDF passe par qualite.pdf (et son lecteur restreint aux fichiers statiques)."""
    motif = re.compile(r"^\s*(from|import)\s+" + "weasy" + r"print\b", re.MULTILINE)
    appelants = []
    for dossier, sous_dossiers, fichiers in os.walk(RACINE):
        sous_dossiers[:] = [nom for nom in sous_dossiers if not nom.startswith(".") and nom != "node_modules"]
        for nom in fichiers:
            chemin = Path(dossier) / nom
            if nom.endswith(".py") and motif.search(chemin.read_text(errors="replace")):
                appelants.append(str(chemin.relative_to(RACINE)))
    assert appelants == ["qualite/pdf.py"]


def test_graphique_svg_en_ligne_rendu_comme_image_avec_son_titre_pour_alternative():
    """Un SVG en ligne passe par le moteur SVG de WeasyPrint (image servie en mémoire) : son texte est dans le PDF,
    la figure porte son titre en texte de remplacement ; le HTML ne garde aucun SVG en ligne."""
    from tests_outils import pdf_ua

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" role="img"><title>Appels perdus : 2023</title>'
        '<rect x="10" y="10" width="50" height="80" fill="#000091"/><text x="10" y="95">ÉTIQUETTE-SVG</text></svg>'
    )
    html = f'<html lang="fr"><head><title>Essai</title></head><body><h1>Essai</h1><figure>{svg}</figure></body></html>'
    converti, images = pdf.graphiques_en_images(html)
    assert "<svg" not in converti and list(images.values()) == [svg.encode()]
    assert 'alt="Appels perdus : 2023"' in converti
    document = pdf.html_en_pdf(html)
    assert "ÉTIQUETTE-SVG" in _texte(document.contenu)
    structure = pdf_ua.Structure.lire(document.contenu)
    figures = structure.elements("/Figure")
    assert [str(figure.get("/Alt")) for figure in figures] == ["Appels perdus : 2023"]
    # L'adresse d'une image du document n'ouvre rien d'autre : une adresse voisine reste refusée.
    with pytest.raises(ValueError, match="Ressource refusée"):
        pdf.FichiersStatiques(graphiques=images).fetch(pdf.PREFIXE_GRAPHIQUES + "2.svg")
