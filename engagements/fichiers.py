"""Contrôle des fichiers de preuve : extension autorisée, contenu cohérent (signature), taille."""

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
# Contenu attendu dans l'archive des formats bureautiques.
MEMBRES_ZIP = {
    ".odt": "mimetype",
    ".ods": "mimetype",
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
}
TYPES_MIME = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
EXTENSIONS_AUTORISEES = "pdf, odt, ods, docx, xlsx, png, jpg"


def verifier_fichier_preuve(fichier) -> None:
    """Lève ValidationError (message français) si le fichier n'est pas une preuve acceptable."""
    extension = Path(fichier.name).suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            f"Type de fichier non autorisé ({extension or 'sans extension'}) : {EXTENSIONS_AUTORISEES}."
        )
    taille_max = settings.TAILLE_MAX_TELEVERSEMENT
    if fichier.size > taille_max:
        raise ValidationError(f"Fichier trop volumineux : {taille_max // (1024 * 1024)} Mo au plus.")
    fichier.seek(0)
    debut = fichier.read(16)
    fichier.seek(0)
    if not debut.startswith(SIGNATURES[extension]):
        raise ValidationError(f"Le contenu du fichier ne correspond pas à son extension {extension}.")
    if extension in MEMBRES_ZIP:
        try:
            with zipfile.ZipFile(fichier) as archive:
                noms = set(archive.namelist())
                attendu = MEMBRES_ZIP[extension]
                if attendu not in noms:
                    raise ValidationError(f"Le contenu du fichier ne correspond pas à son extension {extension}.")
                if (
                    extension in TYPES_MIME
                    and archive.read("mimetype").decode(errors="replace") != TYPES_MIME[extension]
                ):
                    raise ValidationError(f"Le contenu du fichier ne correspond pas à son extension {extension}.")
        except zipfile.BadZipFile as erreur:
            raise ValidationError(f"Le fichier {extension} est endommagé.") from erreur
        finally:
            fichier.seek(0)
