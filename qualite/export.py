"""Exports en tableau (CSV ou xlsx) et réponse de téléchargement, les mêmes pour toutes les applications.

- CSV : UTF-8 avec BOM (Excel y lit les accents), séparateur « ; », fins de ligne CRLF ;
- xlsx : openpyxl, une feuille nommée, en-tête en gras ; ods : odfpy, la même feuille ;
- dates à la française, jj/mm/aaaa : en texte dans le CSV, en format de cellule dans le xlsx ;
- nombres décimaux : « 12,5 » dans le CSV, de vrais nombres dans le xlsx ; cellule vide pour None ou « » ;
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
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
}
FORMAT_DATE = "%d/%m/%Y"
FORMAT_DATE_HEURE = "%d/%m/%Y %H:%M"
FORMAT_DATE_XLSX = "DD/MM/YYYY"
FORMAT_DATE_HEURE_XLSX = "DD/MM/YYYY HH:MM"
TITRE_FEUILLE_MAX = 31  # limite d'Excel

Lignes = Iterable[Sequence[Any]]


def _sans_fuseau(valeur: datetime.datetime) -> datetime.datetime:
    """Heure locale sans fuseau : un classeur ne connaît pas les fuseaux horaires."""
    return timezone.localtime(valeur).replace(tzinfo=None) if timezone.is_aware(valeur) else valeur


def texte_cellule(valeur: Any) -> str:
    """La cellule telle que le CSV l'écrit : 12,5 ; 31/12/2023 ; vide pour None."""
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.datetime):
        return f"{_sans_fuseau(valeur):{FORMAT_DATE_HEURE}}"
    if isinstance(valeur, datetime.date):
        return f"{valeur:{FORMAT_DATE}}"
    if isinstance(valeur, Decimal):
        return f"{valeur.normalize():f}".replace(".", ",")
    return neutraliser(str(valeur))


def ecrire_csv(entetes: Sequence[str], lignes: Lignes) -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(entetes)
    ecrivain.writerows([texte_cellule(valeur) for valeur in ligne] for ligne in lignes)
    return sortie.getvalue().encode("utf-8-sig")


def ecrire_xlsx(entetes: Sequence[str], lignes: Lignes, *, feuille: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    onglet = classeur.active
    onglet.title = feuille[:TITRE_FEUILLE_MAX]
    onglet.append(list(entetes))
    for cellule in onglet[1]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        onglet.append([_valeur_xlsx(valeur) for valeur in ligne])
    for rangee in onglet.iter_rows(min_row=2):
        for cellule in rangee:
            if isinstance(cellule.value, datetime.datetime):
                cellule.number_format = FORMAT_DATE_HEURE_XLSX
            elif isinstance(cellule.value, datetime.date):
                cellule.number_format = FORMAT_DATE_XLSX
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


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


def ecrire_ods(entetes: Sequence[str], lignes: Lignes, *, feuille: str) -> bytes:
    """Le même tableau en OpenDocument (odfpy) : nombres et dates typés, textes neutralisés comme dans le xlsx."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    gras = Style(name="entete", family="table-cell")
    gras.addElement(TextProperties(fontweight="bold"))
    gras.addElement(TableCellProperties())
    document.automaticstyles.addElement(gras)
    table = Table(name=feuille[:TITRE_FEUILLE_MAX])

    def cellule(valeur: Any, style=None) -> TableCell:
        if valeur is None or valeur == "":
            return TableCell()
        if isinstance(valeur, bool):
            valeur = "oui" if valeur else "non"
        if isinstance(valeur, (int, float, Decimal)):
            element = TableCell(valuetype="float", value=str(valeur))
            element.addElement(P(text=texte_cellule(valeur)))
            return element
        if isinstance(valeur, datetime.date):
            iso = _sans_fuseau(valeur).isoformat() if isinstance(valeur, datetime.datetime) else valeur.isoformat()
            element = TableCell(valuetype="date", datevalue=iso)
            element.addElement(P(text=texte_cellule(valeur)))
            return element
        # Le XML d'OpenDocument ramène CR à LF : le texte est normalisé avant la neutralisation.
        texte = _valeur_xlsx(str(valeur).replace("\r\n", "\n").replace("\r", "\n")) or ""
        element = TableCell(valuetype="string", stylename=style) if style else TableCell(valuetype="string")
        for morceau in texte.split("\n"):
            element.addElement(P(text=morceau))
        return element

    rangee = TableRow()
    for entete in entetes:
        rangee.addElement(cellule(entete, gras))
    table.addElement(rangee)
    for ligne in lignes:
        rangee = TableRow()
        for valeur in ligne:
            rangee.addElement(cellule(valeur))
        table.addElement(rangee)
    document.spreadsheet.addElement(table)
    sortie = io.BytesIO()
    document.write(sortie)
    return sortie.getvalue()


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
