"""Redis coupé au moment où le référent demande un bilan : un message clair, la demande gardée,
puis traitée (une seule fois) par le vrai worker quand Redis revient, grâce à la relance périodique (beat)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from bilan.models import DemandeBilan
from organisation.tests.factories import UtilisateurFactory
from qualite.celery import app as celery_app
from tests_outils.worker import RedisDedie, attendre, worker_pret


@pytest.fixture
def redis_dedie():
    """Un Redis à ce test seul : on peut l'arrêter sans gêner les tests qui tournent en parallèle."""
    serveur = RedisDedie()
    serveur.demarrer()
    try:
        yield serveur
    finally:
        serveur.arreter()


@pytest.fixture
def worker_et_beat(transactional_db, redis_dedie):
    with worker_pret(redis_dedie.url, beat=True) as worker:
        yield worker


def _repond_au_ping() -> bool:
    return bool(celery_app.control.ping(timeout=0.5))


@pytest.mark.celery_reel
def test_redis_coupe_la_demande_est_gardee_puis_traitee_a_son_retour(client, redis_dedie, worker_et_beat):
    media = str(settings.MEDIA_ROOT)
    worker_et_beat.demarrer(
        env={"MEDIA_ROOT": media, "QUALITE_RELANCE_SECONDES": "1", "QUALITE_RELANCE_ANCIENNETE_SECONDES": "0"}
    )
    assert attendre(_repond_au_ping, delai=60), worker_et_beat.lire_journal()
    client.force_login(UtilisateurFactory(referent=True))
    assert client.get(reverse("bilan:demande_list")).status_code == 200  # le référent ouvre la page

    redis_dedie.arreter()
    reponse = client.post(reverse("bilan:demande_creer"), {"annee": 2023, "edition": "clu"}, follow=True)

    assert reponse.status_code == 200
    assert (
        "Le service de génération des PDF est momentanément injoignable : votre demande du bilan 2023 "
        "(Comité local des usagers (publique)) est enregistrée et sera traitée automatiquement dès son retour."
    ) in reponse.content.decode()
    assert "En attente du service de génération" in reponse.content.decode()
    demande = DemandeBilan.objects.get()
    assert (demande.statut, demande.envoyee_le) == ("en_attente", None)

    redis_dedie.demarrer()  # même port : le worker et beat se reconnectent, la relance republie la demande

    def terminee() -> bool:
        demande.refresh_from_db()
        return demande.statut == DemandeBilan.Statut.TERMINE

    assert attendre(terminee, delai=120), worker_et_beat.lire_journal()
    assert demande.tentatives == 1 and demande.envoyee_le is not None
    dossier = Path(media) / "bilans" / "2023"
    assert sorted(p.name for p in dossier.iterdir()) == [f"bilan-2023-clu-{demande.pk}.pdf"]
    assert (dossier / f"bilan-2023-clu-{demande.pk}.pdf").read_bytes().startswith(b"%PDF-")
    assert DemandeBilan.objects.count() == 1
