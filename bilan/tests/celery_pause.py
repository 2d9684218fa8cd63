"""L'application Celery du projet, pour un worker de test dont le rendu du bilan attend d'abord
QUALITE_TEST_PAUSE_RENDU secondes : le test a le temps de tuer le worker en pleine génération.

Le worker de test la charge par `WorkerCelery.demarrer(application="bilan.tests.celery_pause")` ;
le code de production ne sait rien de cette pause.
"""

import logging
import os
import time

from celery import signals

from qualite.celery import app

__all__ = ["app"]

PAUSE = float(os.environ.get("QUALITE_TEST_PAUSE_RENDU", "0"))
ANNONCE = "Rendu du bilan retardé (test)"
journal = logging.getLogger(__name__)


def ralentir_le_rendu_du_bilan(**kwargs) -> None:
    """Avant la première tâche (Django est alors prêt), le rendu du bilan est précédé de la pause."""
    from bilan import services

    rendre = services.rendre_pdf
    if getattr(rendre, "ralenti", False):
        return

    def rendre_apres_une_pause(*args, **kwargs):
        journal.warning("%s : %s s", ANNONCE, PAUSE)
        time.sleep(PAUSE)
        return rendre(*args, **kwargs)

    rendre_apres_une_pause.ralenti = True
    services.rendre_pdf = rendre_apres_une_pause


if PAUSE:
    signals.task_prerun.connect(ralentir_le_rendu_du_bilan, weak=False)
