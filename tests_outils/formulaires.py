"""Chaque formulaire d'une vue est soumis tel qu'affiché par au moins un test.

Deux moitiés, confrontées à la fin de la suite complète (`conftest.py`) :

- `formulaires_des_vues()` lit le code : pour chaque adresse du projet, les classes de formulaire que sa vue
  emploie (lues dans l'arbre syntaxique de la fonction et des fonctions du projet qu'elle appelle ; pour une vue
  classe de Django, son `form_class`) ;
- `enregistrer_soumissions()` observe les tests : pendant un `form.submit()` de WebTest (le formulaire lu dans la
  page rendue : son adresse `action`, ses champs, ses valeurs par défaut), chaque formulaire Django lié et validé
  est noté avec la page qui l'a affiché et la vue qui l'a traité.

Un formulaire trouvé dans une vue (ou une aide de son module) doit avoir été soumis depuis cette page ou traité
par cette vue ; un formulaire trouvé dans une fonction commune d'un autre module (import, année demandée) doit
avoir été soumis au moins une fois.
"""

from __future__ import annotations

import ast
import contextvars
import inspect
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

RACINE = Path(settings.BASE_DIR).resolve()
PROFONDEUR = 3


@dataclass(frozen=True)
class Emploi:
    """Une classe de formulaire employée par une vue (`directe` : dans le corps de la vue elle-même)."""

    vue: str
    formulaire: str
    directe: bool


def _nom(classe: type) -> str:
    return f"{classe.__module__}.{classe.__qualname__}"


def _du_projet(objet: object) -> bool:
    try:
        fichier = inspect.getsourcefile(objet)  # type: ignore[arg-type]
    except TypeError:
        return False
    if not fichier:
        return False
    chemin = Path(fichier).resolve()
    return chemin.is_relative_to(RACINE) and ".venv" not in chemin.parts and "tests" not in chemin.parts


def _resoudre(noeud: ast.expr, espace: dict) -> object | None:
    """L'objet que désigne `Nom` ou `a.b.Nom` dans l'espace de noms du module de la fonction."""
    if isinstance(noeud, ast.Name):
        return espace.get(noeud.id)
    if isinstance(noeud, ast.Attribute):
        base = _resoudre(noeud.value, espace)
        return getattr(base, noeud.attr, None) if base is not None else None
    return None


def _est_formulaire(objet: object) -> bool:
    return inspect.isclass(objet) and issubclass(objet, forms.BaseForm)


def _formulaires_de_la_fonction(
    fonction: Callable, profondeur: int, vues: set, module: str = ""
) -> Iterator[tuple[type, bool]]:
    """(classe, propre à la vue) pour une vue et les fonctions du projet qu'elle appelle : une classe est propre à
    la vue quand elle paraît dans la vue ou dans une fonction de son module (ses aides locales)."""
    fonction = inspect.unwrap(fonction)
    module = module or fonction.__module__
    if fonction in vues or not _du_projet(fonction):
        return
    vues.add(fonction)
    arbre = ast.parse(textwrap.dedent(inspect.getsource(fonction)))
    espace = fonction.__globals__
    # Une annotation de type (`form: forms.Form`) n'est pas un emploi de formulaire.
    annotations: set[int] = set()
    for noeud in ast.walk(arbre):
        cibles = [getattr(noeud, "returns", None), getattr(noeud, "annotation", None)]
        for cible in filter(None, cibles):
            annotations.update(id(partie) for partie in ast.walk(cible))
    for noeud in ast.walk(arbre):
        if not isinstance(noeud, ast.Name | ast.Attribute) or not isinstance(noeud.ctx, ast.Load):
            continue
        if id(noeud) in annotations:
            continue
        objet = _resoudre(noeud, espace)
        if _est_formulaire(objet):
            yield objet, fonction.__module__ == module  # type: ignore[misc]
        elif profondeur < PROFONDEUR and inspect.isfunction(objet) and _du_projet(objet):
            yield from _formulaires_de_la_fonction(objet, profondeur + 1, vues, module)


def _motifs(resolveur: URLResolver, espace: str = "") -> Iterator[tuple[str, Callable]]:
    for motif in resolveur.url_patterns:
        if isinstance(motif, URLResolver):
            sous_espace = f"{espace}{motif.namespace}:" if motif.namespace else espace
            yield from _motifs(motif, sous_espace)
        elif isinstance(motif, URLPattern) and motif.name:
            yield f"{espace}{motif.name}", motif.callback


def formulaires_des_vues() -> set[Emploi]:
    """Chaque (vue nommée, classe de formulaire) du projet."""
    emplois: set[Emploi] = set()
    for nom_vue, vue in _motifs(get_resolver()):
        classe_vue = getattr(vue, "view_class", None)
        if classe_vue is not None:
            options = getattr(vue, "view_initkwargs", {})
            classe = options.get("form_class") or options.get("authentication_form")
            classe = classe or getattr(classe_vue, "authentication_form", None)
            classe = classe or getattr(classe_vue, "form_class", None)
            if _est_formulaire(classe):
                emplois.add(Emploi(nom_vue, _nom(classe), True))
            continue
        directes: dict[type, bool] = {}
        for classe, directe in _formulaires_de_la_fonction(vue, 0, set()):
            directes[classe] = directes.get(classe, False) or directe
        emplois.update(Emploi(nom_vue, _nom(classe), directe) for classe, directe in directes.items())
    return emplois


# Observation des tests.

_page_soumise: contextvars.ContextVar[str | None] = contextvars.ContextVar("page_soumise", default=None)
_vue_traitante: contextvars.ContextVar[str | None] = contextvars.ContextVar("vue_traitante", default=None)
SOUMISSIONS: set[tuple[str, str, str]] = set()  # (page qui a affiché le formulaire, vue qui l'a traité, classe)


def _nom_de_vue(chemin: str) -> str:
    try:
        return resolve(urlsplit(chemin).path).view_name
    except Resolver404:
        return ""


def enregistrer_soumissions() -> None:
    """Branche l'observation : WebTest `Form.submit`, résolution de l'adresse et validation des formulaires."""
    import webtest.forms
    from django.core.handlers.base import BaseHandler

    soumettre = webtest.forms.Form.submit
    resoudre = BaseHandler.resolve_request
    valider = forms.BaseForm.full_clean

    def submit(self, *args, **kwargs):
        jeton = _page_soumise.set(_nom_de_vue(self.response.request.path))
        try:
            return soumettre(self, *args, **kwargs)
        finally:
            _page_soumise.reset(jeton)

    def resolve_request(self, request):
        correspondance = resoudre(self, request)
        if _page_soumise.get() is not None:
            _vue_traitante.set(correspondance.view_name)
        return correspondance

    def full_clean(self):
        page = _page_soumise.get()
        if page is not None and self.is_bound:
            SOUMISSIONS.add((page, _vue_traitante.get() or "", _nom(type(self))))
        return valider(self)

    webtest.forms.Form.submit = submit
    BaseHandler.resolve_request = resolve_request
    forms.BaseForm.full_clean = full_clean


def emplois_sans_soumission(emplois: set[Emploi], soumissions: set[tuple[str, str, str]]) -> list[Emploi]:
    """Les emplois qu'aucune soumission observée ne couvre."""
    manquants = []
    for emploi in sorted(emplois, key=lambda e: (e.vue, e.formulaire)):
        if emploi.directe:
            couvert = any(
                classe == emploi.formulaire and emploi.vue in (page, vue) for page, vue, classe in soumissions
            )
        else:
            couvert = any(classe == emploi.formulaire for _page, _vue, classe in soumissions)
        if not couvert:
            manquants.append(emploi)
    return manquants


# Une vue qui réaffiche, sans le lier, le formulaire voisin de la page quand le sien est refusé.
REAFFICHES_SEULEMENT = {
    ("pilotage:decision_creer", "pilotage.forms.ParticipationForm"),
    ("pilotage:participation_ajouter", "pilotage.forms.DecisionForm"),
    ("bilan:presentation_creer", "bilan.presentation.forms.MasquePresentationForm"),
    ("bilan:masque_televerser", "bilan.presentation.forms.DemandePresentationForm"),
    # Jamais affichés : la date d'un lien d'export (?date=) lue par un formulaire, et le courriel de création de
    # compte envoyé par l'outil d'envoi de Django (PasswordResetForm.send_mail).
    ("organisation:exporter", "organisation.forms.DateImportForm"),
    ("organisation:utilisateur_creer", "django.contrib.auth.forms.PasswordResetForm"),
}


def verifier_couverture(soumissions: set[tuple[str, str, str]]) -> list[str]:
    """Les lignes du rapport : chaque emploi de formulaire qu'aucun test n'a soumis par sa page."""
    emplois = {e for e in formulaires_des_vues() if (e.vue, e.formulaire) not in REAFFICHES_SEULEMENT}
    return [
        f"{emploi.vue} : {emploi.formulaire}{'' if emploi.directe else ' (fonction commune)'}"
        for emploi in emplois_sans_soumission(emplois, soumissions)
    ]


def formulaire(page, *champs: str):
    """Le formulaire de la page rendue (WebTest) qui porte tous ces champs : les pages en ont plusieurs
    (déconnexion, recherche, choix de l'année)."""
    trouves = [f for f in page.forms.values() if all(c in f.fields for c in champs)]
    assert len(trouves) == 1, f"{len(trouves)} formulaires portent {champs} sur {page.request.path}"
    return trouves[0]


def remplir(form, valeurs: dict) -> None:
    """Remplit le formulaire rendu comme un utilisateur : texte, liste, cases à cocher, boutons radio, fichier
    (`webtest.Upload`). Un champ absent de la page fait échouer le test ; un champ caché garde sa valeur rendue."""
    import webtest.forms

    for nom, valeur in valeurs.items():
        assert nom in form.fields, f"le champ « {nom} » manque au formulaire rendu"
        champs = form.fields[nom]
        if isinstance(champs[0], webtest.forms.Hidden):
            continue
        if isinstance(champs[0], webtest.forms.Checkbox):
            voulues = {str(v) for v in valeur} if isinstance(valeur, list | tuple | set) else None
            for case in champs:
                case.checked = (case._value in voulues) if voulues is not None else bool(valeur)
        elif isinstance(champs[0], webtest.forms.MultipleSelect):
            form[nom] = [str(v) for v in valeur]
        elif isinstance(champs[0], webtest.forms.File):
            form[nom] = valeur
        else:
            form[nom] = "" if valeur is None else str(valeur)


def soumettre(app, url: str, compte, valeurs: dict, *champs: str, **options):
    """GET de la page (en `compte`), le formulaire qui porte `champs` (ou les clés de `valeurs`), rempli puis
    envoyé tel qu'affiché ; renvoie la réponse WebTest."""
    page = app.get(url, user=compte)
    form = formulaire(page, *(champs or valeurs))
    remplir(form, valeurs)
    return form.submit(**options)
