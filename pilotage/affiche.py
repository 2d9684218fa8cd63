"""Affiche A4 des résultats du trimestre, pour les halls d'accueil (WeasyPrint, PDF/UA-1)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

POLICES = {
    ("Marianne", "normal", 400): "dsfr/dist/fonts/Marianne-Regular.woff2",
    ("Marianne", "normal", 700): "dsfr/dist/fonts/Marianne-Bold.woff2",
}


def _css_polices() -> str:
    regles = []
    for (famille, style, graisse), chemin in POLICES.items():
        fichier = finders.find(chemin)
        if fichier:
            regles.append(
                f"@font-face {{ font-family: '{famille}'; font-style: {style}; font-weight: {graisse}; "
                f"src: url('{Path(fichier).as_uri()}') format('woff2'); }}"
            )
    return "\n".join(regles)


def affiche_pdf(publiee) -> bytes:
    """Le PDF de l'affiche (titre, auteur, langue française, PDF/UA-1)."""
    from weasyprint import CSS, HTML

    html = render_to_string(
        "pilotage/affiche.html",
        {"publiee": publiee, "PREFECTURE_NOM": settings.PREFECTURE_NOM, "SITE_TITRE": settings.SITE_TITRE},
    )
    feuilles = [CSS(string=_css_polices()), CSS(filename=finders.find("pilotage/affiche.css"))]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=feuilles, pdf_variant="pdf/ua-1")
