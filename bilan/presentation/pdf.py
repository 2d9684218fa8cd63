"""Le diaporama en PDF 16:9 (WeasyPrint, PDF/UA-1) : une diapositive par page, ses titres en titres,
chaque graphique avec sa description (texte de remplacement) et son tableau de données."""

from django.template.loader import render_to_string

from qualite import pdf

from .contenu import Presentation


def _donnees(diapositive) -> list[tuple[str, list[str]]]:
    """Les données du graphique, une ligne par série (les catégories en colonnes, comme sur la diapositive)."""
    graphique = diapositive.graphique
    if graphique is None:
        return []
    return [(serie.libelle, [graphique.formateur(valeur) for valeur in serie.valeurs]) for serie in graphique.series]


def rendre_html(presentation: Presentation, *, genere: str = "") -> str:
    return render_to_string(
        "bilan/presentation/diaporama.html",
        {
            "presentation": presentation,
            "diapositives": [(d, _donnees(d)) for d in presentation.diapositives],
            "genere": genere,
        },
    )


def rendre_pdf(presentation: Presentation, *, genere: str = "") -> bytes:
    return pdf.html_en_pdf(rendre_html(presentation, genere=genere)).contenu
