"""Un rôle ne se lit que dans un acces.py : vues, services, selectors, formulaires et gabarits appellent un
prédicat nommé (ou reçoivent un booléen) ; seules les données de démonstration et du banc nomment des rôles."""

import re
from pathlib import Path

from django.conf import settings

RACINE = Path(settings.BASE_DIR)
APPLICATIONS = ["qualite", "organisation", "engagements", "plan_actions", "audits", "indicateurs", "enquetes"]
APPLICATIONS += ["pilotage", "bilan", "exploitation"]
# Où un rôle peut être nommé : les règles d'accès, les modèles, les données de démonstration et du banc.
PERMIS = {"acces.py", "models.py", "demo.py"}
LECTURE_DE_ROLE = re.compile(
    r"Role\.(?!choices\b|values\b)|\.role\s*(==|!=|in\b)|\brole\s*=\s*Role|is_superuser|user\.role\b"
    r"|getattr\(\w+, [\"']role[\"']"
)
# Une vue ne décide pas elle-même : elle appelle la règle de son application (acces.peut_…).
PREDICAT_DE_ROLE_DANS_UNE_VUE = re.compile(r"\b(a_role|est_referent|est_correspondant|est_connecte)\(")


def _modules():
    for application in APPLICATIONS:
        for fichier in (RACINE / application).rglob("*.py"):
            parties = fichier.relative_to(RACINE).parts
            if fichier.name in PERMIS or {"tests", "migrations", "banc", "models"} & set(parties):
                continue
            yield fichier


def _fautes(fichiers, motif):
    return [
        f"{fichier.relative_to(RACINE)}:{numero}: {ligne.strip()}"
        for fichier in fichiers
        for numero, ligne in enumerate(fichier.read_text().splitlines(), start=1)
        if motif.search(ligne)
    ]


def test_aucune_lecture_de_role_hors_des_regles_d_acces():
    assert _fautes([*_modules(), *(RACINE / "templates").rglob("*.html")], LECTURE_DE_ROLE) == []


def test_les_vues_appellent_les_regles_de_leur_application():
    vues = [f for f in _modules() if f.name == "views.py" or f.parent.name == "views"]
    assert vues and _fautes(vues, PREDICAT_DE_ROLE_DANS_UNE_VUE) == []
