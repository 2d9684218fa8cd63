"""Rendu du bilan en PDF/UA-1 avec WeasyPrint, depuis les gabarits `bilan/pdf/`.

La feuille d'impression (static/bilan/bilan.css) et les polices Marianne (django-dsfr) sont lues
sur disque par `FetcherStatique` : aucun accès réseau pendant le rendu.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from organisation.models import Role, Utilisateur

from .contenu import contenu_bilan, titre_document
from .models import Edition

BASE_URL = "https://bilan.qualite.invalid/"


class FetcherStatique(URLFetcher):
    """Sert les fichiers statiques (CSS, polices) depuis le disque ; refuse toute autre adresse."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=["file", "data"])

    def fetch(self, url, headers=None):
        prefixe = BASE_URL.rstrip("/") + settings.STATIC_URL
        if not url.startswith(prefixe):
            return super().fetch(url, headers)
        chemin = finders.find(url[len(prefixe) :].split("?")[0])
        if not chemin:
            raise ValueError(f"Fichier statique introuvable : {url}")
        reponse = super().fetch(Path(chemin).as_uri(), headers)
        # L'adresse d'origine est gardée : les url() relatives d'une feuille (polices) s'y résolvent.
        reponse.url = url
        return reponse


@dataclass(frozen=True)
class PdfBilan:
    contenu: bytes
    nb_pages: int
    titre: str


def auteur(edition: str) -> str:
    """Le référent qualité (édition COPIL) ou la préfecture (édition publique)."""
    if edition == Edition.COPIL:
        referent = Utilisateur.objects.filter(role=Role.REFERENT, is_active=True).order_by("pk").first()
        if referent is not None:
            return f"{referent} — {settings.PREFECTURE_NOM}"
    return settings.PREFECTURE_NOM


def rendre_html(annee: int, edition: str) -> str:
    contexte = contenu_bilan(annee, edition)
    contexte["auteur"] = auteur(edition)
    return render_to_string("bilan/pdf/bilan.html", contexte)


def rendre_pdf(annee: int, edition: str) -> PdfBilan:
    """Le PDF du bilan (PDF/UA-1, lang="fr", titre et auteur dans les métadonnées)."""
    html = rendre_html(annee, edition)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=FetcherStatique()).render(pdf_variant="pdf/ua-1")
    contenu = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)

    return PdfBilan(contenu=contenu, nb_pages=len(document.pages), titre=titre_document(annee, edition))
