"""Relire un diaporama produit : tout son texte (formes, tableaux, notes), les données de ses graphiques natifs."""

import io
import re
import subprocess
from dataclasses import dataclass, field

from pptx import Presentation


@dataclass
class Lecture:
    textes: list[str] = field(default_factory=list)
    tableaux: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    graphiques: list[dict] = field(default_factory=list)
    nb_diapositives: int = 0
    taille: tuple[int, int] = (0, 0)
    titres: list[str] = field(default_factory=list)

    @property
    def tout(self) -> str:
        morceaux = self.textes + self.tableaux + self.notes
        morceaux += [str(g) for g in self.graphiques]
        return plat(" ".join(morceaux))


def plat(texte: str) -> str:
    """Espaces insécables et fines ramenées à une espace simple : « 5 625 », « 8,23 % »."""
    return re.sub(r"\s+", " ", texte.replace("\u202f", " ").replace("\xa0", " "))


def lire_pptx(contenu: bytes) -> Lecture:
    deck = Presentation(io.BytesIO(contenu))
    lecture = Lecture(nb_diapositives=len(deck.slides), taille=(deck.slide_width, deck.slide_height))
    for diapo in deck.slides:
        lecture.titres.append(diapo.shapes.title.text if diapo.shapes.title is not None else "")
        for forme in diapo.shapes:
            if forme.has_text_frame:
                lecture.textes.append(forme.text_frame.text)
            if getattr(forme, "has_table", False) and forme.has_table:
                for ligne in forme.table.rows:
                    lecture.tableaux.append(" | ".join(cellule.text for cellule in ligne.cells))
            if getattr(forme, "has_chart", False) and forme.has_chart:
                chart = forme.chart
                plot = chart.plots[0]
                lecture.graphiques.append(
                    {
                        "titre": chart.chart_title.text_frame.text if chart.has_title else "",
                        "categories": list(plot.categories),
                        "series": {serie.name: list(serie.values) for serie in plot.series},
                        "classeur": len(forme.chart.part.chart_workbook.xlsx_part.blob),
                    }
                )
        if diapo.has_notes_slide:
            lecture.notes.append(diapo.notes_slide.notes_text_frame.text)
    return lecture


def texte_pdf(contenu: bytes) -> str:
    sortie = subprocess.run(["pdftotext", "-layout", "-", "-"], input=contenu, capture_output=True, check=True)
    return plat(sortie.stdout.decode())
