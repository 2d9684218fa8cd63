"""Sauvegarde puis restauration : mêmes lignes dans chaque table, mêmes fichiers (SQLite ou PostgreSQL)."""

import io
import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from engagements.tests.factories import PreuveFactory
from plan_actions.tests.factories import ActionFactory
from qualite.banc.sauvegarde import MANIFESTE
from qualite.tests.factories import UtilisateurFactory


def _etat() -> tuple[dict, dict]:
    lignes = {modele._meta.db_table: modele._base_manager.count() for modele in apps.get_models()}
    media = Path(settings.MEDIA_ROOT)
    fichiers = {str(f.relative_to(media)): f.read_bytes() for f in media.rglob("*") if f.is_file()}
    return lignes, fichiers


@pytest.mark.django_db(transaction=True)
def test_aller_retour_donne_des_donnees_identiques(tmp_path):
    ActionFactory.create_batch(3)
    preuve = PreuveFactory()
    UtilisateurFactory(referent=True)
    avant = _etat()
    assert avant[1] and avant[0]["plan_actions_action"] == 3
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("sauvegarder", "--sortie", str(archive), stdout=StringIO())

    # Après la sauvegarde, tout change : lignes supprimées et ajoutées, fichiers modifiés et ajoutés.
    ActionFactory.create_batch(2)
    from plan_actions.models import Action

    Action.objects.order_by("pk").first().delete()
    Path(preuve.fichier.path).write_bytes(b"modifie")
    (Path(settings.MEDIA_ROOT) / "intrus.txt").write_text("intrus")
    assert _etat() != avant

    call_command("restaurer", str(archive), "--oui", stdout=StringIO())
    assert _etat() == avant


@pytest.mark.django_db(transaction=True)
def test_restaurer_refuse_une_archive_d_un_autre_moteur(tmp_path):
    archive = tmp_path / "autre.tar.gz"
    manifeste = json.dumps({"application": "qualite", "format": 1, "moteur": "oracle", "base": "x"}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(MANIFESTE)
        info.size = len(manifeste)
        tar.addfile(info, io.BytesIO(manifeste))
    ActionFactory()
    with pytest.raises(CommandError, match="base oracle"):
        call_command("restaurer", str(archive), "--oui", stdout=StringIO())
    from plan_actions.models import Action

    assert Action.objects.count() == 1


def test_restaurer_refuse_un_fichier_qui_n_est_pas_une_sauvegarde(db, tmp_path):
    faux = tmp_path / "faux.tar.gz"
    faux.write_bytes(b"pas une archive")
    with pytest.raises(CommandError, match="pas une sauvegarde de qualite"):
        call_command("restaurer", str(faux), "--oui", stdout=StringIO())
