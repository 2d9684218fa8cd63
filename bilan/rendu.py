"""Rendu du bilan en PDF/UA-1 depuis les gabarits `bilan/pdf/`, par le point d'entrée commun `qualite.pdf`.

La feuille d'impression (static/bilan/bilan.css) et les polices Marianne (django-dsfr) sont des fichiers
statiques : aucune autre ressource n'est lue pendant le rendu.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from organisation.acces import referents_qualite
from qualite import pdf
from qualite.identite import identite

from .contenu import contenu_bilan, titre_document
from .models import Edition


@dataclass(frozen=True)
class PdfBilan:
    contenu: bytes
    nb_pages: int
    titre: str


def auteur(edition: str) -> str:
    """Le référent qualité (édition COPIL) ou la préfecture (édition publique)."""
    nom = identite(fraiche=True).nom
    if edition == Edition.COPIL:
        referent = referents_qualite().order_by("pk").first()
        if referent is not None:
            return f"{referent} — {nom}" if nom else str(referent)
    return nom


def rendre_html(annee: int, edition: str) -> str:
    contexte = contenu_bilan(annee, edition)
    contexte["auteur"] = auteur(edition)
    return render_to_string("bilan/pdf/bilan.html", contexte)


def rendre_pdf(annee: int, edition: str, *, avant_mise_en_page: Callable[[], None] | None = None) -> PdfBilan:
    """Le PDF du bilan (PDF/UA-1, lang="fr", titre et auteur dans les métadonnées) ; `avant_mise_en_page`,
    appelé une fois les chiffres lus, signale l'étape suivante à qui attend."""
    html = rendre_html(annee, edition)
    if avant_mise_en_page is not None:
        avant_mise_en_page()
    document = pdf.html_en_pdf(html)
    return PdfBilan(contenu=document.contenu, nb_pages=document.nb_pages, titre=titre_document(annee, edition))
