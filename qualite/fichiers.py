"""Servir un document téléversé (preuve, rapport d'audit, compte rendu, bilan archivé) : la seule façon de le faire.

Les documents ne sont jamais publiés sous MEDIA_URL : chaque vue vérifie d'abord les droits (son `acces.py`),
puis appelle `servir_fichier`, qui l'envoie en pièce jointe sous un nom assaini (ni chemin, ni guillemet, ni
retour à la ligne : `qualite.export.nom_de_fichier`), avec son type d'après l'extension et `nosniff`. Un
fichier absent du disque donne une 404, jamais une 500.
"""

import mimetypes
from pathlib import PurePath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from .export import nom_de_fichier


def servir_fichier(champ: FieldFile | None, *, nom: str | None = None, type_mime: str | None = None) -> FileResponse:
    """Le téléchargement du fichier de `champ` ; `nom` : le nom proposé (par défaut celui du fichier)."""
    if not champ:
        raise Http404("Aucun fichier.")
    try:
        contenu = champ.open("rb")
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise Http404("Le fichier est introuvable.") from None
    nom = nom_de_fichier(nom or PurePath(champ.name).name)
    type_mime = type_mime or mimetypes.guess_type(nom)[0] or "application/octet-stream"
    reponse = FileResponse(contenu, as_attachment=True, filename=nom, content_type=type_mime)
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse
