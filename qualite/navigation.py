"""Menu principal : chaque application déclare ses entrées dans son module `navigation.py`.

Une entrée n'apparaît que si l'utilisateur peut ouvrir la page : les espaces non construits
n'ont pas d'entrée, et personne ne voit un lien qui le mènerait à une erreur 403.

Les entrées se rangent dans quelques sous-menus (`GROUPES`) pour que le menu tienne à 1280 px quel que soit le
rôle ; un groupe qui n'a qu'une entrée pour cet utilisateur devient un lien direct.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse

# Sous-menus, dans l'ordre d'affichage : (code, libellé).
GROUPES: tuple[tuple[str, str], ...] = (
    ("pilotage", "Pilotage"),
    ("demarche", "Démarche"),
    ("indicateurs", "Indicateurs et écoute"),
    ("administration", "Administration"),
)


@dataclass(frozen=True)
class Entree:
    libelle: str
    url_name: str
    regle: Callable
    ordre: int = 50
    # Préfixe d'URL qui marque l'entrée comme « page courante ».
    prefixe: str = ""
    # Code du sous-menu (voir GROUPES).
    groupe: str = "demarche"


@cache
def toutes_les_entrees() -> tuple[Entree, ...]:
    entrees: list[Entree] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError as erreur:
            if erreur.name != f"{config.name}.navigation":
                raise
            continue
        entrees.extend(getattr(module, "ENTREES", ()))
    codes = {code for code, _ in GROUPES}
    inconnues = [entree.libelle for entree in entrees if entree.groupe not in codes]
    if inconnues:
        raise ValueError(f"Entrées du menu sans sous-menu connu : {', '.join(inconnues)}")
    return tuple(sorted(entrees, key=lambda e: e.ordre))


def entrees_pour(request) -> list[dict]:
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not utilisateur.is_authenticated:
        return []
    resultat = []
    for entree in toutes_les_entrees():
        if not entree.regle(utilisateur):
            continue
        url = reverse(entree.url_name)
        resultat.append(
            {
                "libelle": entree.libelle,
                "url": url,
                "prefixe": entree.prefixe or url,
                "groupe": entree.groupe,
                "courante": False,
            }
        )
    # Une seule entrée courante : la page elle-même, sinon le préfixe le plus long qui la contient.
    candidates = [e for e in resultat if request.path == e["url"]] or [
        e for e in resultat if e["prefixe"] != "/" and request.path.startswith(e["prefixe"])
    ]
    if candidates:
        max(candidates, key=lambda e: len(e["prefixe"]))["courante"] = True
    return resultat


def menu_pour(entrees: list[dict]) -> list[dict]:
    """Les entrées rangées par sous-menu, dans l'ordre de GROUPES ; un groupe vide n'apparaît pas.

    Chaque groupe : code, libellé, entrées, « courant » (il contient la page courante) et « direct »
    (une seule entrée : un lien plutôt qu'un sous-menu).
    """
    menu = []
    for code, libelle in GROUPES:
        siennes = [entree for entree in entrees if entree["groupe"] == code]
        if siennes:
            menu.append(
                {
                    "code": code,
                    "libelle": libelle,
                    "entrees": siennes,
                    "courant": any(entree["courante"] for entree in siennes),
                    "direct": len(siennes) == 1,
                }
            )
    return menu
