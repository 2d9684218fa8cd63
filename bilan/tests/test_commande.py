"""generer_bilan ANNEE --edition --sortie : même fonction de rendu que la tâche, en synchrone."""

import io

import pytest
from django.core.management import CommandError, call_command

from bilan.management.commands import generer_bilan
from bilan.rendu import PdfBilan


@pytest.fixture
def rendu_leger(monkeypatch):
    appels = []

    def rendre(annee, edition):
        appels.append((annee, edition))
        return PdfBilan(contenu=b"%PDF-1.7 commande", nb_pages=2, titre=f"Bilan qualité {annee}")

    monkeypatch.setattr(generer_bilan, "rendre_pdf", rendre)
    return appels


def test_la_commande_ecrit_le_pdf(tmp_path, rendu_leger):
    sortie = io.StringIO()
    call_command("generer_bilan", "2023", "--edition", "clu", "--sortie", str(tmp_path / "b.pdf"), stdout=sortie)
    assert (tmp_path / "b.pdf").read_bytes() == b"%PDF-1.7 commande"
    assert rendu_leger == [(2023, "clu")]
    assert "2 pages" in sortie.getvalue()


@pytest.mark.parametrize(
    "arguments,message",
    [
        (["1800", "--sortie", "x.pdf"], "Année invalide : 1800."),
        (["2023", "--sortie", "/dossier/inexistant/x.pdf"], "Le dossier /dossier/inexistant n'existe pas."),
    ],
)
def test_la_commande_refuse_une_entree_invalide(arguments, message, rendu_leger):
    with pytest.raises(CommandError, match=message):
        call_command("generer_bilan", *arguments)
    assert rendu_leger == []
