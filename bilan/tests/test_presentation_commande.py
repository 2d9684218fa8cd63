"""generer_presentation ANNEE --edition --format --sortie : le diaporama, en synchrone, par le même rendu."""

import io

import pytest
from django.core.management import CommandError, call_command
from pptx import Presentation

from bilan.management.commands import generer_presentation
from bilan.presentation.contenu import CLES
from bilan.presentation.rendu import FichierPresentation

from .factories import masque_pptx


@pytest.fixture
def rendu_leger(monkeypatch):
    appels = []

    def rendre(annee, edition, format, *, retenues=None, masque=None):
        appels.append((annee, edition, format, retenues, masque))
        return FichierPresentation(contenu=b"PK commande", nb_diapositives=9, titre=f"Diaporama {annee}", format=format)

    monkeypatch.setattr(generer_presentation, "rendre", rendre)
    return appels


def test_la_commande_ecrit_le_fichier(tmp_path, rendu_leger):
    sortie = io.StringIO()
    chemin = tmp_path / "comite.pdf"
    call_command(
        "generer_presentation",
        "2023",
        "--edition",
        "clu",
        "--format",
        "pdf",
        "--sortie",
        str(chemin),
        "--sans",
        "label",
        stdout=sortie,
    )
    assert chemin.read_bytes() == b"PK commande"
    assert rendu_leger == [(2023, "clu", "pdf", [c for c in CLES if c != "label"], None)]
    assert "9 diapositives, PDF" in sortie.getvalue() and str(chemin) in sortie.getvalue()


@pytest.mark.parametrize(
    "arguments,message",
    [
        (["1800", "--sortie", "x.pptx"], "Année invalide : 1800."),
        (["2023", "--sortie", "/dossier/inexistant/x.pptx"], "Le dossier /dossier/inexistant n'existe pas."),
        (["2023", "--sortie", "x.pptx", "--masque", "/nulle/part.pptx"], "Le masque /nulle/part.pptx est introuvable."),
    ],
)
def test_la_commande_refuse_une_entree_invalide(arguments, message, rendu_leger):
    with pytest.raises(CommandError, match=message):
        call_command("generer_presentation", *arguments)
    assert rendu_leger == []


@pytest.mark.django_db
def test_la_commande_sans_donnees_produit_un_pptx_sur_le_masque_donne(tmp_path):
    masque = tmp_path / "masque.pptx"
    masque.write_bytes(masque_pptx(largeur=12192000))
    chemin = tmp_path / "comite.pptx"
    call_command("generer_presentation", "2023", "--sortie", str(chemin), "--masque", str(masque), stdout=io.StringIO())
    deck = Presentation(str(chemin))
    assert deck.slide_width == 12192000
    assert deck.slides[0].shapes.title.text == "Démarche qualité : bilan 2023"
