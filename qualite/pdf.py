"""Le seul point d'entrée de WeasyPrint : un gabarit Django (ou son HTML) devient un PDF/UA-1.

WeasyPrint ne lit que les fichiers statiques du projet, sous STATIC_URL : ceux que trouvent les finders de
staticfiles (et, en production, les fichiers collectés dans STATIC_ROOT). Toute autre adresse est refusée
(file://, http(s)://, data:, chemin qui remonte avec « .. ») : un gabarit ne peut ni lire un fichier du
disque, ni appeler le réseau. Les métadonnées françaises viennent du gabarit : `<html lang="fr">`,
`<title>` (titre) et `<meta name="author">` (auteur).

    contenu = rendre_pdf("enquetes/enquete_affiche.html", contexte)
    document = html_en_pdf(html, feuilles=["pilotage/affiche.css"])  # document.contenu, document.nb_pages
"""

import mimetypes
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import pdf_balisage
from .identite import identite

# Adresse fictive du document : les liens relatifs des gabarits et des feuilles s'y résolvent.
BASE_URL = "https://qualite.invalid/"
VARIANTE = "pdf/ua-1"


@dataclass(frozen=True)
class DocumentPdf:
    contenu: bytes
    nb_pages: int


def _prefixe_statique() -> str:
    return urljoin(BASE_URL, settings.STATIC_URL)


def fichier_statique(url: str) -> Path | None:
    """Le fichier statique qu'une adresse du document désigne ; None pour toute autre adresse."""
    prefixe = _prefixe_statique()
    adresse = url.split("#")[0].split("?")[0]
    if not adresse.startswith(prefixe) or urlsplit(adresse).netloc != urlsplit(prefixe).netloc:
        return None
    nom = unquote(adresse[len(prefixe) :])
    if not nom or nom.startswith("/") or "\\" in nom or posixpath.normpath(nom) != nom or nom.startswith(".."):
        return None
    try:
        chemin = finders.find(nom)
        if not chemin and staticfiles_storage.exists(nom):
            chemin = staticfiles_storage.path(nom)
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return Path(chemin) if chemin and Path(chemin).is_file() else None


# Les graphiques SVG en ligne du document, servis comme images (`graphiques_en_images`).
PREFIXE_GRAPHIQUES = urljoin(BASE_URL, "graphiques/")
SVG_EN_LIGNE = re.compile(r"<svg\b[^>]*>.*?</svg>", re.DOTALL)
TITRE_SVG = re.compile(r"<title\b[^>]*>(.*?)</title>", re.DOTALL)


def graphiques_en_images(html: str) -> tuple[str, dict[str, bytes]]:
    """Chaque `<svg>` en ligne devient une `<img>` (texte de remplacement : son `<title>`), servie depuis la mémoire.

    WeasyPrint calcule le style CSS de chaque élément du document, ceux des SVG en ligne compris : des milliers de
    barres et d'étiquettes pour les graphiques d'un bilan. Une image SVG est lue par son seul moteur SVG (un bilan
    de 147 pages : environ 40 Mo de moins). Les pages web gardent le SVG en ligne.
    """
    images: dict[str, bytes] = {}

    def remplacer(trouve: re.Match) -> str:
        svg = trouve.group(0)
        url = f"{PREFIXE_GRAPHIQUES}{len(images) + 1}.svg"
        images[url] = svg.encode()
        titre = TITRE_SVG.search(svg)
        alt = " ".join(titre.group(1).split()) if titre else ""
        return f'<img class="qualite-svg" src="{url}" alt="{alt}">'

    return SVG_EN_LIGNE.sub(remplacer, html), images


class FichiersStatiques(URLFetcher):
    """Sert à WeasyPrint les fichiers statiques (feuilles, polices, images) et les graphiques du document
    (`graphiques`, en mémoire) ; refuse tout le reste."""

    def __init__(self, *args, graphiques: dict[str, bytes] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.graphiques = graphiques or {}

    def fetch(self, url, headers=None):
        if url in self.graphiques:
            return URLFetcherResponse(url, self.graphiques[url], {"Content-Type": "image/svg+xml"})
        fichier = fichier_statique(url)
        if fichier is None:
            raise ValueError(f"Ressource refusée (seuls les fichiers statiques du projet sont lus) : {url}")
        type_mime = mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
        # L'adresse d'origine est gardée : les url() relatives d'une feuille (polices) s'y résolvent.
        return URLFetcherResponse(url, fichier.read_bytes(), {"Content-Type": type_mime})


def html_en_pdf(html: str, *, feuilles: Sequence[str] = ()) -> DocumentPdf:
    """Le PDF/UA-1 d'un HTML ; `feuilles` : des feuilles de style statiques ajoutées (« pilotage/affiche.css »)."""
    html, graphiques = graphiques_en_images(html)
    lecteur = FichiersStatiques(graphiques=graphiques)
    # Les @font-face d'une feuille ajoutée ne sont lus qu'avec la configuration de polices du rendu.
    polices = FontConfiguration()
    styles = [
        CSS(url=urljoin(_prefixe_statique(), feuille), url_fetcher=lecteur, font_config=polices) for feuille in feuilles
    ]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=lecteur).render(
        font_config=polices, stylesheets=styles, pdf_variant=VARIANTE
    )
    # WeasyPrint laisse des défauts de balisage que pdf_balisage corrige (artefacts, IDTree et Scope, liens).
    brut = document.write_pdf(pdf_variant=VARIANTE)
    nb_pages = len(document.pages)
    # Les pages mises en forme sont libérées avant la relecture du PDF : les deux ne tiennent pas la mémoire ensemble.
    del document
    contenu = pdf_balisage.corriger(brut, intitules=pdf_balisage.intitules_des_liens(html))
    return DocumentPdf(contenu=contenu, nb_pages=nb_pages)


def rendre_pdf(gabarit: str, contexte: dict, *, feuilles: Sequence[str] = ()) -> bytes:
    """Le PDF/UA-1 d'un gabarit Django rendu avec `contexte`, où l'identité de la préfecture (relue en base)
    est `IDENTITE` et son nom `PREFECTURE_NOM`, comme dans les pages."""
    prefecture = identite(fraiche=True)
    contexte = {"IDENTITE": prefecture, "PREFECTURE_NOM": prefecture.nom, **contexte}
    return html_en_pdf(render_to_string(gabarit, contexte), feuilles=feuilles).contenu
