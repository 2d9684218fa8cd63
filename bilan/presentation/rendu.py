"""Le diaporama d'une année et d'une édition, en PPTX ou en PDF 16:9, depuis le même contenu."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from ..models import FormatPresentation as Format
from .contenu import presentation

TYPES_MIME = {
    Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Format.PDF: "application/pdf",
}


@dataclass(frozen=True)
class FichierPresentation:
    contenu: bytes
    nb_diapositives: int
    titre: str
    format: str


def rendre(
    annee: int,
    edition: str,
    format: str,
    *,
    retenues: Iterable[str] | None = None,
    masque: Path | None = None,
) -> FichierPresentation:
    """Construit le diaporama ; `retenues` : les diapositives gardées (toutes sinon) ; `masque` : le masque
    `.pptx` de la préfecture (PPTX seulement ; le masque intégré de la charte de l'État sinon)."""
    contenu = presentation(annee, edition, retenues=retenues)
    genere = f"Généré le {timezone.localtime():%d/%m/%Y}"
    if format == Format.PPTX:
        from .powerpoint import rendre_pptx

        donnees = rendre_pptx(contenu, masque=masque, genere=genere)
    elif format == Format.PDF:
        from .pdf import rendre_pdf

        donnees = rendre_pdf(contenu, genere=genere)
    else:
        raise ValueError(f"Format inconnu : {format}.")
    return FichierPresentation(
        contenu=donnees,
        nb_diapositives=len(contenu.diapositives),
        titre=f"{contenu.titre} — {contenu.sous_titre}",
        format=format,
    )
