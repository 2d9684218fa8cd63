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
# Une archive bureautique honnête a quelques dizaines de membres ; au-delà, elle n'est pas ouverte.
MEMBRES_MAX = 10_000


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
        _verifier_archive(fichier, extension)


def _verifier_archive(fichier, extension: str) -> None:
    """Contrôle ODF/OOXML en lecture bornée : seul le répertoire central de l'archive est lu, et du membre
    `mimetype` au plus quelques dizaines d'octets (un « mimetype » gonflé de 1 Go ne coûte rien)."""
    refus = ValidationError(f"Le contenu du fichier ne correspond pas à son extension {extension}.")
    try:
        with zipfile.ZipFile(fichier) as archive:
            membres = archive.infolist()
            if len(membres) > MEMBRES_MAX:
                raise ValidationError(f"Le fichier {extension} contient trop d'éléments ({len(membres)}).")
            noms = {membre.filename for membre in membres}
            if MEMBRES_ZIP[extension] not in noms:
                raise refus
            if extension in TYPES_MIME:
                attendu = TYPES_MIME[extension].encode()
                info = archive.getinfo("mimetype")
                if info.file_size != len(attendu):
                    raise refus
                with archive.open(info) as membre:
                    if membre.read(len(attendu) + 1) != attendu:
                        raise refus
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as erreur:
        raise ValidationError(f"Le fichier {extension} est endommagé.") from erreur
    finally:
        fichier.seek(0)
