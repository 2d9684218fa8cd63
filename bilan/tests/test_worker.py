"""Un vrai worker tué (SIGKILL) en pleine génération : au retour d'un worker, exactement un PDF archivé."""

from pathlib import Path

import pytest
from django.conf import settings

from bilan import services
from bilan.models import DemandeBilan
from organisation.tests.factories import UtilisateurFactory
from tests_outils.worker import attendre

from .celery_pause import ANNONCE


def _statut(pk: int) -> str:
    return DemandeBilan.objects.values_list("statut", flat=True).get(pk=pk)


@pytest.mark.celery_reel
def test_worker_tue_pendant_la_generation_un_seul_pdf_archive(worker_celery):
    media = str(settings.MEDIA_ROOT)
    # Le premier worker rend le bilan après une pause de 60 s (bilan.tests.celery_pause) : il est tué pendant.
    pause = {"MEDIA_ROOT": media, "QUALITE_TEST_PAUSE_RENDU": "60"}
    worker_celery.demarrer(env=pause, application="bilan.tests.celery_pause")
    referent = UtilisateurFactory(referent=True)

    demande, creee = services.bilan_demander(annee=2023, edition="clu", demandeur=referent)
    assert creee
    assert attendre(lambda: _statut(demande.pk) == "en_cours", delai=60), worker_celery.lire_journal()
    # Le worker est dans le rendu (en pause) quand il est tué.
    assert attendre(lambda: ANNONCE in worker_celery.lire_journal(), delai=30), worker_celery.lire_journal()

    worker_celery.tuer()
    # Pendant que le worker est mort, une seconde demande identique ne crée pas de seconde tâche.
    assert services.bilan_demander(annee=2023, edition="clu", demandeur=referent) == (demande, False)

    worker_celery.demarrer(env={"MEDIA_ROOT": media})
    assert attendre(lambda: _statut(demande.pk) == "termine", delai=120), worker_celery.lire_journal()

    demande.refresh_from_db()
    assert demande.tentatives == 2
    dossier = Path(media) / "bilans" / "2023"
    fichiers = sorted(p.name for p in dossier.iterdir())
    assert fichiers == [f"bilan-2023-clu-{demande.pk}.pdf"]
    assert (dossier / fichiers[0]).read_bytes().startswith(b"%PDF-")
    assert DemandeBilan.objects.filter(statut="termine").count() == 1
    assert DemandeBilan.objects.count() == 1
