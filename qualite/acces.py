"""Le mécanisme d'accès commun aux vues : `acces_requis(regle)`.

Les règles elles-mêmes (qui peut voir ou modifier quoi) vivent dans le `acces.py` de chaque application ;
les prédicats de rôle dans `organisation.acces`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

Regle = Callable[[Any], bool]


def acces_requis(regle: Regle) -> Callable:
    """Décorateur de vue : anonyme → page de connexion ; règle non satisfaite → 403."""

    def decorateur(vue: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(vue)
        @login_required
        def enveloppe(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not regle(request.user):
                raise PermissionDenied
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur
