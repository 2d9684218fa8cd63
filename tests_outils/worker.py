"""Un vrai worker Celery pour les tests : processus séparé, vrai Redis, même base que le test."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
from django.db import connection
from kombu import pools as kombu_pools

from qualite.celery import app as celery_app

RACINE = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("QUALITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def url_base_de_test() -> str:
    reglages = connection.settings_dict
    if reglages["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{reglages['NAME']}"
    utilisateur = reglages.get("USER") or ""
    mot_de_passe = f":{reglages['PASSWORD']}" if reglages.get("PASSWORD") else ""
    authentification = f"{utilisateur}{mot_de_passe}@" if utilisateur else ""
    hote = reglages.get("HOST") or "127.0.0.1"
    port = reglages.get("PORT") or 5432
    return f"postgres://{authentification}{hote}:{port}/{reglages['NAME']}"


class WorkerCelery:
    """Le worker (et, avec `beat=True`, Celery beat embarqué) ; `redis_url` : un Redis dédié au test."""

    def __init__(self, redis_url: str = REDIS_URL, *, beat: bool = False) -> None:
        self.redis_url = redis_url
        self.beat = beat
        self.file = f"test-{uuid.uuid4().hex[:12]}"
        self.processus: subprocess.Popen | None = None
        self.journal: Path | None = None
        self._dossier_beat: Path | None = None
        self._conf_initiale: dict = {}

    def configurer(self) -> None:
        try:
            redis.Redis.from_url(self.redis_url, socket_connect_timeout=3).ping()
        except redis.exceptions.ConnectionError as erreur:
            raise RuntimeError(
                f"Redis ne répond pas à {self.redis_url} : lancez `make test` (qui le démarre) "
                "ou démarrez redis-server."
            ) from erreur
        cles = ("broker_url", "task_always_eager", "task_default_queue")
        self._conf_initiale = {cle: celery_app.conf[cle] for cle in cles}
        celery_app.conf.update(broker_url=self.redis_url, task_always_eager=False, task_default_queue=self.file)
        _oublier_connexions()

    def restaurer(self) -> None:
        celery_app.conf.update(self._conf_initiale)
        _oublier_connexions()
        if self._dossier_beat:
            shutil.rmtree(self._dossier_beat, ignore_errors=True)
        with contextlib.suppress(redis.exceptions.ConnectionError):  # Redis dédié déjà arrêté : rien à nettoyer
            redis.Redis.from_url(self.redis_url, socket_connect_timeout=3).delete(
                self.file, f"{self.file}.unacked", "unacked", "unacked_index"
            )

    def demarrer(self, env: dict[str, str] | None = None, *, application: str = "qualite") -> None:
        """Lance un worker ; `env` ajoute des variables d'environnement (ex. MEDIA_ROOT) ; `application` :
        le module de l'application Celery (ex. bilan.tests.celery_pause, dont le rendu du bilan attend)."""
        environnement = {
            **os.environ,
            "DATABASE_URL": url_base_de_test(),
            "CELERY_BROKER_URL": self.redis_url,
            "CELERY_QUEUE": self.file,
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "CELERY_RESTORE_INTERVAL": "1",
            "EMAIL_URL": "consolemail://",
            "QUALITE_ENV": "developpement",
            **(env or {}),
        }
        commande = [sys.executable, "-m", "celery", "-A", application, "worker", "-P", "solo", "-Q", self.file]
        commande += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "WARNING"]
        if self.beat:
            self._dossier_beat = self._dossier_beat or Path(tempfile.mkdtemp(prefix="beat-"))
            commande += ["-B", "-s", str(self._dossier_beat / "planning")]
        self.journal = Path(tempfile.mkstemp(prefix="worker-", suffix=".log")[1])
        with open(self.journal, "ab") as sortie:
            # Groupe de processus à lui : beat embarqué (processus enfant) est arrêté avec le worker.
            self.processus = subprocess.Popen(
                commande, cwd=RACINE, env=environnement, stdout=sortie, stderr=sortie, start_new_session=True
            )

    def lire_journal(self) -> str:
        return self.journal.read_text(errors="replace")[-4000:] if self.journal else ""

    def tuer(self) -> None:
        """SIGKILL, comme un worker qui meurt en pleine tâche (ses processus enfants aussi)."""
        if self.processus:
            # Groupe du processus lancé ici (start_new_session) : le worker et beat embarqué.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.processus.pid, signal.SIGKILL)
            self.processus.wait(timeout=10)

    def arreter(self) -> None:
        if self.processus and self.processus.poll() is None:
            self.processus.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.processus.wait(timeout=15)
        self.tuer()  # restes éventuels du groupe (beat embarqué)


@contextlib.contextmanager
def worker_pret(redis_url: str = REDIS_URL, *, beat: bool = False):
    """Un worker configuré (l'application Celery du test publie sur son Redis), arrêté et nettoyé à la fin ;
    à démarrer par le test (`demarrer`), qui choisit son environnement."""
    worker = WorkerCelery(redis_url, beat=beat)
    worker.configurer()
    try:
        yield worker
    finally:
        worker.arreter()
        worker.restaurer()


class RedisDedie:
    """Un redis-server à part, sur un port libre, que le test peut arrêter et relancer
    (jamais le Redis partagé : d'autres tests tournent en parallèle). Ni sauvegarde ni journal."""

    def __init__(self) -> None:
        self.port = port_libre()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.processus: subprocess.Popen | None = None

    def demarrer(self) -> None:
        commande = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.processus = subprocess.Popen(commande, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)

        def repond() -> bool:
            try:
                return bool(client.ping())
            except redis.exceptions.ConnectionError:
                return False

        if not attendre(repond, delai=10, pas=0.05):
            self.arreter()
            raise RuntimeError(f"redis-server ne démarre pas sur le port {self.port}")

    def arreter(self) -> None:
        if self.processus and self.processus.poll() is None:
            self.processus.terminate()
            try:
                self.processus.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.processus.kill()
                self.processus.wait(timeout=10)


def port_libre() -> int:
    """Un port TCP libre sur 127.0.0.1 (comme celui du banc : les outils de test n'importent aucune application)."""
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def _oublier_connexions() -> None:
    """Les files, routes et connexions de l'application sont mises en cache : on les oublie."""
    if "pool" in celery_app.__dict__ or getattr(celery_app, "_pool", None) is not None:
        celery_app.pool.force_close_all()
        celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)
    # Les pools de producteurs de kombu sont globaux (par connexion) : sinon, un second test
    # celery_reel du même processus réutiliserait un pool fermé (« Acquire on closed pool »).
    kombu_pools.reset()


def attendre(condition, *, delai: float = 60, pas: float = 0.2) -> bool:
    """Attend qu'une condition devienne vraie (lecture en base, fichier…), au plus `delai` secondes."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return True
        time.sleep(pas)
    return bool(condition())
