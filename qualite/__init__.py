"""Le projet (réglages, URL, Celery, WSGI) et le socle commun à toutes les applications, sans modèle :
lecture des tableurs, exécution des imports, mise en forme française, graphiques SVG, formulaires de base,
menu, middlewares, décorateur d'accès des vues."""

from .celery import app as celery_app

__all__ = ["celery_app"]
