"""Le diaporama d'une année est, comme le bilan, l'instantané de son 31 décembre : les événements de l'année
suivante (audit, nouveau cycle, actions clôturées) n'y changent ni un chiffre ni un texte."""

import dataclasses
import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from bilan.presentation.contenu import presentation

from .test_instantane import PARIS, _evenements_de_2024

pytestmark = pytest.mark.django_db


def _lisible(annee: int) -> list[dict]:
    """Chaque diapositive en données simples (le graphique par ses catégories et ses séries)."""
    diapositives = []
    for diapositive in presentation(annee, "copil").diapositives:
        donnees = dataclasses.asdict(dataclasses.replace(diapositive, graphique=None))
        if diapositive.graphique is not None:
            donnees["graphique"] = (
                diapositive.graphique.titre,
                diapositive.graphique.categories,
                [(serie.libelle, list(serie.valeurs)) for serie in diapositive.graphique.series],
            )
        diapositives.append(donnees)
    return diapositives


def test_le_diaporama_2023_est_identique_apres_les_evenements_de_2024():
    with time_machine.travel(datetime.datetime(2024, 1, 15, 9, tzinfo=PARIS), tick=False):
        call_command("charger_demo", stdout=io.StringIO())
        avant = _lisible(2023)
    with time_machine.travel(datetime.datetime(2024, 7, 1, 9, tzinfo=PARIS), tick=False):
        _evenements_de_2024()
        apres = _lisible(2023)
        diaporama_2024 = _lisible(2024)
    assert any("155 actions" in str(d["chiffres"]) for d in avant)
    for numero, (diapositive_avant, diapositive_apres) in enumerate(zip(avant, apres, strict=True), start=1):
        assert diapositive_apres == diapositive_avant, f"diapositive {numero} : {diapositive_avant['titre']}"
    # Le diaporama 2024 voit l'audit de juin 2024.
    audit_2024 = [d["sous_titre"] for d in diaporama_2024 if d["titre"] == "Le dernier audit"]
    assert audit_2024[0].startswith("Audit de suivi (du 10/06/2024)")
