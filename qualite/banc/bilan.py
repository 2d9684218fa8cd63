"""Mesure du bilan PDF : pages, temps, pic de mémoire ; référence : WeasyPrint seul sur le même HTML."""

import io
import time
from pathlib import Path

from django.conf import settings

from .tableau import Ligne

STATUT = Path("/proc/self/status")
REINITIALISATION = Path("/proc/self/clear_refs")


def _pic_memoire_mo() -> float:
    """Pic de mémoire résidente du processus (VmHWM, Linux), en Mo."""
    for ligne in STATUT.read_text().splitlines():
        if ligne.startswith("VmHWM:"):
            return int(ligne.split()[1]) / 1024
    raise RuntimeError("VmHWM introuvable dans /proc/self/status")


def _remettre_pic_a_zero() -> bool:
    """Ramène le pic à la mémoire actuelle (écrire « 5 » dans clear_refs, Linux ≥ 4.0) ; faux si refusé."""
    try:
        REINITIALISATION.write_text("5")
    except OSError:
        return False
    return True


def pages_pdf(contenu: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(contenu)).pages)


def mesurer(rendu, annee: int, cible_secondes: float, cible_mo: float) -> list[Ligne]:
    from weasyprint import HTML

    remis_a_zero = _remettre_pic_a_zero()
    debut = time.perf_counter()
    contenu = rendu.rendre_pdf(annee=annee)
    duree = time.perf_counter() - debut
    pic = _pic_memoire_mo()

    html = rendu.rendre_html(annee=annee)
    debut = time.perf_counter()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    reference = time.perf_counter() - debut
    return [
        Ligne(f"Bilan PDF {annee} : pages", str(pages_pdf(contenu))),
        Ligne(
            f"Bilan PDF {annee} : temps",
            f"{duree:.1f} s",
            f"≤ {cible_secondes} s",
            f"WeasyPrint seul : {reference:.1f} s",
            tenue=duree <= cible_secondes,
        ),
        Ligne(
            f"Bilan PDF {annee} : pic mémoire",
            f"{pic:.0f} Mo",
            f"≤ {cible_mo} Mo",
            "processus entier (VmHWM)" if remis_a_zero else "pic depuis le démarrage du processus",
            tenue=pic <= cible_mo,
        ),
    ]
