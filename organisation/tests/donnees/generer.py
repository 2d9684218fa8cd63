"""Fige la démonstration d'un ancien commit en JSON compressé : table → colonnes, types, lignes.

Usage (depuis la racine du dépôt, avec le venv du projet) :
    git archive 76ffc38 | tar -x -C /tmp/ancien
    .venv/bin/python organisation/tests/donnees/generer.py /tmp/ancien organisation/tests/donnees/demo_76ffc38.json.gz

Dans l'ancien code : base SQLite neuve, `migrate`, `charger_demo`, puis quelques lignes de plus pour les tables
que la démonstration laisse vides alors que les migrations les touchent (responsables d'une action, groupes et
permissions d'un compte, courriel, commentaire, demande de bilan). Aucune donnée personnelle réelle.
"""

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

COMPLEMENTS = """
from django.contrib.auth.models import Group, Permission
from bilan.models import DemandeBilan
from plan_actions.models import Action, Commentaire
from qualite.models import Courriel, Utilisateur

referent = Utilisateur.objects.get(username="referent")
correspondant = Utilisateur.objects.get(username="correspondant")
action = Action.objects.order_by("pk").first()
action.responsables.set([referent, correspondant])
Action.objects.order_by("pk")[1].responsables.set([correspondant])
Commentaire.objects.create(action=action, auteur=correspondant, texte="Point d'étape (démo figée)")
relecteurs = Group.objects.create(name="Relecteurs (démo figée)")
relecteurs.permissions.add(Permission.objects.get(codename="view_utilisateur"))
correspondant.groups.add(relecteurs)
referent.user_permissions.add(Permission.objects.get(codename="change_site"))
Courriel.objects.create(cle="demo-figee", destinataires=[referent.email], sujet="Relance (démo figée)", corps="-")
DemandeBilan.objects.create(annee=2023, edition="copil", demandeur=referent)
"""


def main(ancien: Path, sortie: Path) -> None:
    base = ancien / "demo.sqlite3"
    base.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=f"sqlite:///{base}", MEDIA_ROOT=str(ancien / "media"), QUALITE_ENV="developpement")
    for commande in (["migrate", "--noinput", "-v0"], ["charger_demo"], ["shell", "-c", COMPLEMENTS]):
        subprocess.run([sys.executable, "manage.py", *commande], cwd=ancien, env=env, check=True, capture_output=True)
    connexion = sqlite3.connect(base)
    noms = connexion.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    tables = {}
    for (table,) in noms:
        if table in ("django_migrations", "sqlite_sequence"):
            continue
        infos = connexion.execute(f'PRAGMA table_info("{table}")').fetchall()
        tables[table] = {
            "colonnes": [info[1] for info in infos],
            "types": [info[2].lower() for info in infos],
            "lignes": [list(ligne) for ligne in connexion.execute(f'SELECT * FROM "{table}" ORDER BY rowid')],
        }
    contenu = json.dumps({"tables": tables}, ensure_ascii=False, separators=(",", ":")).encode()
    with gzip.GzipFile(sortie, "wb", mtime=0) as fichier:
        fichier.write(contenu)
    print(f"{len(tables)} tables, {sum(len(t['lignes']) for t in tables.values())} lignes → {sortie}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
