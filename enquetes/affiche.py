"""Affiche A4 des résultats de l'enquête de satisfaction (PDF/UA, WeasyPrint), pour les halls d'accueil.

Gabarit dédié (`enquetes/enquete_affiche.html`) et feuille d'impression propre
(`static/enquetes/affiche.css`), polices Marianne lues dans le static de django-dsfr.
WeasyPrint ne va chercher que les fichiers statiques du projet : aucune ressource extérieure.
"""

import mimetypes
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://qualite.invalid/"


class FichiersStatiques(URLFetcher):
    """Sert à WeasyPrint les fichiers statiques (feuille de style, polices) ; refuse tout le reste."""

    def fetch(self, url, headers=None):
        chemin = urlparse(url).path
        if chemin.startswith(settings.STATIC_URL):
            fichier = finders.find(chemin.removeprefix(settings.STATIC_URL))
            if fichier:
                with open(fichier, "rb") as lecture:
                    contenu = lecture.read()
                type_mime = mimetypes.guess_type(fichier)[0] or "application/octet-stream"
                return URLFetcherResponse(url, contenu, {"Content-Type": type_mime})
        raise ValueError(f"Ressource refusée pour l'affiche : {url}")


def affiche_pdf(contexte: dict) -> bytes:
    html = render_to_string("enquetes/enquete_affiche.html", contexte)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=FichiersStatiques()).write_pdf(pdf_variant="pdf/ua-1")
