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

# Une règle reçoit `request.user` : le socle ne nomme pas le modèle d'utilisateur (il vit dans organisation,
# au-dessus de lui), d'où `Any` ; les règles des applications le typent (`organisation.acces.UtilisateurOuAnonyme`).
Regle = Callable[[Any], bool]
Vue = Callable[..., HttpResponse]


def acces_requis(regle: Regle) -> Callable[[Vue], Vue]:
    """Décorateur de vue : anonyme → page de connexion ; règle non satisfaite → 403."""

    def decorateur(vue: Vue) -> Vue:
        @wraps(vue)
        @login_required
        def enveloppe(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not regle(request.user):
                raise PermissionDenied
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur
