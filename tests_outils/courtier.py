"""Un courtier Celery simulé pour les tests unitaires : joignable (les envois sont notés) ou injoignable."""

from kombu.exceptions import OperationalError

from qualite.celery import app as celery_app


def simuler_courtier(monkeypatch, *taches, joignable: bool = True) -> list[tuple[str, tuple]]:
    """Les tâches ne s'exécutent plus dans le processus (comme avec Redis) ; renvoie la liste des envois
    réussis (nom de la tâche, arguments). Injoignable : chaque envoi lève l'erreur de kombu, comme Redis arrêté."""
    envois: list[tuple[str, tuple]] = []

    def fabriquer(tache):
        def apply_async(args=(), **options):
            if not joignable:
                raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            envois.append((tache.name, tuple(args)))

        return apply_async

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    for tache in taches:
        monkeypatch.setattr(tache, "apply_async", fabriquer(tache))
    return envois
