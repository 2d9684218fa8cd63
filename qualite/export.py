"""Mise en forme partagée des fichiers exportés, et réponse de téléchargement.

Les données viennent des ressources d'échange (`qualite.echanges`, django-import-export) ; ce module les écrit :

- xlsx (openpyxl), pour des personnes : une feuille par table et une feuille « Lisez-moi » (ce que l'import
  relit), en-tête en gras, figé et filtré, largeurs de colonnes, dates en cellules date (jj/mm/aaaa), taux en
  nombres au format pourcentage ;
- ods (tablib, odfpy) : les mêmes feuilles, en-tête en gras, dates en cellules date ;
- csv : UTF-8 avec BOM (Excel y lit les accents) ou Windows-1252 (« csv-windows »), séparateur « ; », fins
  de ligne CRLF ; dates jj/mm/aaaa, décimaux « 12,5 », taux « 50 % » ;
- réponse : type du fichier d'après son extension, nom de fichier assaini dans Content-Disposition
  (RFC 6266 : un nom accentué passe en `filename*`).

C'est le même tableau que `qualite.tableur` relit : un export se réimporte sans perte. Un texte qui
ressemble à une formule est neutralisé (`qualite.cellules`), et la relecture le restaure.
"""

import csv
import datetime
import io
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename

from qualite.cellules import neutraliser

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMAT_DATE = "%d/%m/%Y"
FORMAT_DATE_HEURE = "%d/%m/%Y %H:%M"
FORMAT_DATE_XLSX = "DD/MM/YYYY"
FORMAT_DATE_HEURE_XLSX = "DD/MM/YYYY HH:MM"
FORMAT_POURCENTAGE_XLSX = "0%"
FORMAT_TAUX_XLSX = "0.00%"
TITRE_FEUILLE_MAX = 31  # limite d'Excel
FORMATS_TABLEAU = ("xlsx", "ods", "csv", "csv-windows")
EXTENSIONS = {"xlsx": "xlsx", "ods": "ods", "csv": "csv", "csv-windows": "csv"}
LARGEUR_MIN, LARGEUR_MAX = 8, 60

Lignes = Iterable[Sequence[Any]]


def _sans_fuseau(valeur: datetime.datetime) -> datetime.datetime:
    """Heure locale sans fuseau : un classeur ne connaît pas les fuseaux horaires."""
    return timezone.localtime(valeur).replace(tzinfo=None) if timezone.is_aware(valeur) else valeur


def texte_cellule(valeur: Any) -> str:
    """La cellule telle que le CSV l'écrit : 12,5 ; 31/12/2023 ; vide pour None."""
    if valeur is None:
        return ""
    if isinstance(valeur, Taux):
        return texte_pourcentage(valeur)
    if isinstance(valeur, datetime.datetime):
        return f"{_sans_fuseau(valeur):{FORMAT_DATE_HEURE}}"
    if isinstance(valeur, datetime.date):
        return f"{valeur:{FORMAT_DATE}}"
    if isinstance(valeur, Decimal):
        return f"{valeur.normalize():f}".replace(".", ",")
    return neutraliser(str(valeur))


class Taux(Decimal):
    """Un taux (0,0823 pour 8,23 %) : écrit au format pourcentage dans un classeur, « 8,23 % » dans un CSV."""


def texte_pourcentage(valeur: Any) -> str:
    """0,5 → « 50 % » (le taux tel que le CSV l'écrit)."""
    if valeur is None or valeur == "":
        return ""
    return f"{texte_cellule(Decimal(Decimal(str(valeur)) * 100))} %"


@dataclass
class Colonne:
    titre: str
    pourcentage: bool = False
    largeur: int | None = None
    aide: str = ""
    relue: bool = True


@dataclass
class Feuille:
    titre: str
    colonnes: list[Colonne]
    lignes: list[Sequence[Any]] = field(default_factory=list)

    @property
    def entetes(self) -> list[str]:
        return [colonne.titre for colonne in self.colonnes]


def ecrire(feuilles: list[Feuille], *, format: str) -> bytes:
    """Les feuilles dans le format demandé (xlsx, ods, csv, csv-windows : le CSV n'écrit que la première)."""
    if format == "xlsx":
        return classeur_xlsx(feuilles)
    if format == "ods":
        return classeur_ods(feuilles)
    if format in ("csv", "csv-windows"):
        return feuille_csv(feuilles[0], encodage="cp1252" if format == "csv-windows" else "utf-8-sig")
    raise ValueError(f"Format d'export inconnu : {format}")


def feuille_csv(feuille: Feuille, *, encodage: str = "utf-8-sig") -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(feuille.entetes)
    pourcentages = [colonne.pourcentage for colonne in feuille.colonnes]
    for ligne in feuille.lignes:
        ecrivain.writerow(
            [
                texte_pourcentage(valeur) if pourcentage else texte_cellule(valeur)
                for valeur, pourcentage in zip(ligne, pourcentages, strict=False)
            ]
        )
    # Windows-1252 ne connaît pas tous les caractères : « ? » plutôt qu'un refus.
    return sortie.getvalue().encode(encodage, errors="replace")


def ecrire_csv(entetes: Sequence[str], lignes: Lignes) -> bytes:
    return feuille_csv(Feuille("", [Colonne(titre) for titre in entetes], list(lignes)))


def ecrire_xlsx(entetes: Sequence[str], lignes: Lignes, *, feuille: str) -> bytes:
    return classeur_xlsx([Feuille(feuille, [Colonne(titre) for titre in entetes], list(lignes))], lisez_moi=False)


def ecrire_ods(entetes: Sequence[str], lignes: Lignes, *, feuille: str) -> bytes:
    return classeur_ods([Feuille(feuille, [Colonne(titre) for titre in entetes], list(lignes))])


def _largeur(colonne: Colonne, lignes: list[Sequence[Any]], position: int) -> float:
    if colonne.largeur:
        return colonne.largeur
    textes = [len(colonne.titre)] + [len(texte_cellule(ligne[position])) for ligne in lignes[:200]]
    return max(LARGEUR_MIN, min(LARGEUR_MAX, max(textes) + 2))


def classeur_xlsx(feuilles: list[Feuille], *, lisez_moi: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    classeur = Workbook(write_only=True)
    gras = Font(bold=True)
    for feuille in feuilles:
        onglet = classeur.create_sheet(feuille.titre[:TITRE_FEUILLE_MAX])
        onglet.freeze_panes = "A2"
        for position, colonne in enumerate(feuille.colonnes, start=1):
            dimension = onglet.column_dimensions[get_column_letter(position)]
            dimension.width = _largeur(colonne, feuille.lignes, position - 1)
        nombre_colonnes = max(1, len(feuille.colonnes))
        onglet.auto_filter.ref = f"A1:{get_column_letter(nombre_colonnes)}{len(feuille.lignes) + 1}"
        entete = []
        for titre in feuille.entetes:
            cellule = WriteOnlyCell(onglet, value=titre)
            cellule.font = gras
            entete.append(cellule)
        onglet.append(entete)
        formats = [FORMAT_POURCENTAGE_XLSX if colonne.pourcentage else None for colonne in feuille.colonnes]
        for ligne in feuille.lignes:
            cellules = []
            for valeur, format_nombre in zip(ligne, formats, strict=False):
                if isinstance(valeur, Taux):
                    format_nombre = FORMAT_TAUX_XLSX
                valeur = _valeur_xlsx(valeur)
                if isinstance(valeur, datetime.datetime):
                    format_nombre = FORMAT_DATE_HEURE_XLSX
                elif isinstance(valeur, datetime.date):
                    format_nombre = FORMAT_DATE_XLSX
                if format_nombre is None:
                    cellules.append(valeur)
                    continue
                cellule = WriteOnlyCell(onglet, value=valeur)
                cellule.number_format = format_nombre
                cellules.append(cellule)
            onglet.append(cellules)
    if lisez_moi:
        onglet = classeur.create_sheet("Lisez-moi")
        onglet.column_dimensions["A"].width = 24
        onglet.column_dimensions["B"].width = 16
        onglet.column_dimensions["C"].width = 90
        for ligne in lignes_lisez_moi(feuilles):
            cellules = []
            for valeur in ligne:
                cellule = WriteOnlyCell(onglet, value=valeur)
                cellule.alignment = Alignment(wrap_text=True, vertical="top")
                if valeur in ("Feuille", "Colonne", "Relue à l'import", "Ce qu'elle contient"):
                    cellule.font = gras
                cellules.append(cellule)
            onglet.append(cellules)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def lignes_lisez_moi(feuilles: list[Feuille]) -> list[list[str]]:
    """La feuille « Lisez-moi » : ce que l'import relit de chaque colonne."""
    lignes = [
        ["Ce fichier se réimporte tel quel : rien ne change tant qu'aucune cellule n'est modifiée."],
        ["Seules les colonnes marquées « oui » sont relues ; les autres (libellés, valeurs calculées) vous informent."],
        ["Les en-têtes peuvent changer de casse ou d'accents ; une ligne invalide fait refuser tout le fichier."],
        [],
    ]
    for feuille in feuilles:
        lignes.append(["Feuille", feuille.titre])
        lignes.append(["Colonne", "Relue à l'import", "Ce qu'elle contient"])
        for colonne in feuille.colonnes:
            lignes.append([colonne.titre, "oui" if colonne.relue else "non", colonne.aide])
        lignes.append([])
    return lignes


def classeur_ods(feuilles: list[Feuille]) -> bytes:
    import tablib

    livre = tablib.Databook()
    for feuille in feuilles:
        jeu = tablib.Dataset(headers=feuille.entetes, title=feuille.titre[:TITRE_FEUILLE_MAX])
        for ligne in feuille.lignes:
            jeu.append([_valeur_ods(valeur) for valeur in ligne])
        livre.add_sheet(jeu)
    aide = tablib.Dataset(title="Lisez-moi")
    for ligne in lignes_lisez_moi(feuilles):
        aide.append((list(ligne) + ["", "", ""])[:3])
    livre.add_sheet(aide)
    return livre.export("ods")


def _valeur_ods(valeur: Any) -> Any:
    if isinstance(valeur, str):  # le XML d'OpenDocument ramène CR à LF : normalisé avant la neutralisation
        valeur = valeur.replace("\r\n", "\n").replace("\r", "\n")
    valeur = _valeur_xlsx(valeur)
    if valeur is None:
        return ""
    if isinstance(valeur, Decimal):
        return float(valeur)
    return valeur


def _valeur_xlsx(valeur: Any) -> Any:
    if valeur == "":
        return None
    if isinstance(valeur, datetime.datetime):
        return _sans_fuseau(valeur)
    if isinstance(valeur, str):
        # Les caractères de contrôle (hors tabulation et retours à la ligne) n'existent pas dans un classeur :
        # openpyxl les refuserait (IllegalCharacterError, une 500) ; ils sont retirés.
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        valeur = ILLEGAL_CHARACTERS_RE.sub("", valeur)
    return neutraliser(valeur)


def nom_de_fichier(nom: str) -> str:
    """« Plan d'actions 2024.csv » → « Plan_dactions_2024.csv » : ni chemin, ni guillemet, ni caractère de contrôle."""
    try:
        return get_valid_filename(PurePath(nom.replace("\\", "/")).name)
    except SuspiciousFileOperation:
        return "export"


def reponse_fichier(contenu: bytes, *, nom: str, en_ligne: bool = False) -> HttpResponse:
    """Le téléchargement (`en_ligne` : affiché par le navigateur, pour un PDF) d'un fichier nommé `nom`."""
    nom = nom_de_fichier(nom)
    extension = PurePath(nom).suffix.lstrip(".").lower()
    type_mime = FORMATS.get(extension) or mimetypes.guess_type(nom)[0] or "application/octet-stream"
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = content_disposition_header(not en_ligne, nom)
    return reponse
