"""Import des mesures : commande importer_mesures et import dans le navigateur."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicateurs.models import Mesure
from organisation.tests.factories import UtilisateurFactory

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db

ENTETE = "Indicateur;Période;Numérateur;Dénominateur;Valeur;Provisoire;Commentaire\n"


@pytest.fixture
def indicateurs():
    return (
        IndicateurFactory(code="appels_perdus"),
        IndicateurFactory(code="pan", nombre=True),
        IndicateurFactory(code="mysteres", annuel=True),
    )


def _fichier(tmp_path, lignes: str):
    chemin = tmp_path / "mesures.csv"
    chemin.write_text(ENTETE + lignes, encoding="utf-8")
    return chemin


def test_commande_importe_toutes_les_periodicites(tmp_path, indicateurs, capsys):
    MesureFactory(indicateur=indicateurs[0], annee=2023, mois=1, numerateur=D(1), denominateur=D(2))
    chemin = _fichier(
        tmp_path,
        "appels_perdus;2023-01;8;100;;non;\nappels_perdus;2023-02;9;100;;oui;à vérifier\n"
        "pan;2023-01;;;512;;\nmysteres;2023;;;93;non;\n",
    )
    call_command("importer_mesures", str(chemin))
    assert "3 créés, 1 mis à jour" in capsys.readouterr().out
    assert Mesure.objects.count() == 4
    fevrier = Mesure.objects.get(indicateur=indicateurs[0], mois=2)
    assert fevrier.provisoire is True and fevrier.commentaire == "à vérifier"
    assert Mesure.objects.get(indicateur=indicateurs[0], mois=1).numerateur == D(8)
    assert Mesure.objects.get(indicateur=indicateurs[2]).valeur == D(93)


def test_dry_run_n_ecrit_rien(tmp_path, indicateurs, capsys):
    call_command("importer_mesures", str(_fichier(tmp_path, "appels_perdus;2023-01;8;100;;;\n")), "--dry-run")
    assert "seraient enregistrés" in capsys.readouterr().out
    assert not Mesure.objects.exists()


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        ("inconnu;2023-01;1;2;;;", "Ligne 3 : colonne « Indicateur » : code « inconnu » inconnu"),
        ("appels_perdus;2023-13;1;2;;;", "Ligne 3 : colonne « Période » : mois « 13 » impossible"),
        ("appels_perdus;2023;1;2;;;", "Ligne 3 : colonne « Période » : période « 2023 » incompatible"),
        (
            "appels_perdus;2023-02;5;2;;;",
            "Ligne 3 : colonne « Numérateur » : le numérateur ne peut pas dépasser",
        ),
        ("appels_perdus;2023-02;5;;;;", "Ligne 3 : colonne « Dénominateur » : les deux termes sont nécessaires."),
        ("appels_perdus;2023-02;-5;10;;;", "Ligne 3 : colonne « Numérateur » : un nombre ne peut pas être négatif."),
        ("appels_perdus;2023-02;a;10;;;", "Ligne 3 : colonne « Numérateur » : nombre « a » non reconnu"),
        ("appels_perdus;2023-02;1;10;;peut-être;", "Ligne 3 : colonne « Provisoire » : « peut-être » non reconnu"),
        ("pan;2023-02;;;;;", "Ligne 3 : colonne « Valeur » : obligatoire pour cet indicateur."),
        (
            "appels_perdus;2023-01;1;10;;;",
            "Ligne 3 : colonne « Période » : 2023-01 figure deux fois",
        ),
    ],
)
def test_erreurs_par_ligne_et_rien_d_ecrit(tmp_path, indicateurs, capsys, ligne, erreur):
    chemin = _fichier(tmp_path, f"appels_perdus;2023-01;8;100;;;\n{ligne}\n")
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("importer_mesures", str(chemin))
    assert erreur in capsys.readouterr().err
    assert not Mesure.objects.exists()


def test_import_navigateur_apercu_puis_confirmation(client, indicateurs):
    client.force_login(UtilisateurFactory(username="referente", referent=True))
    url = reverse("indicateurs:import")
    assert "Colonnes attendues : Indicateur, Période" in client.get(url).content.decode()
    fichier = SimpleUploadedFile("mesures.csv", (ENTETE + "appels_perdus;2023-03;8;100;;;\n").encode())
    reponse = client.post(url, {"fichier": fichier})
    assert reponse.status_code == 200 and "Aperçu" in reponse.content.decode()
    assert not Mesure.objects.exists()
    jeton = reponse.context["jeton"]
    reponse = client.post(url, {"jeton": jeton})
    assert reponse.status_code == 302
    assert Mesure.objects.get().mois == 3


def test_import_navigateur_fichier_invalide(client, indicateurs):
    client.force_login(UtilisateurFactory(username="referente", referent=True))
    fichier = SimpleUploadedFile("mesures.csv", (ENTETE + "appels_perdus;2023-03;800;100;;;\n").encode())
    reponse = client.post(reverse("indicateurs:import"), {"fichier": fichier})
    assert "Ligne 2 : colonne « Numérateur »" in reponse.content.decode()
    assert not Mesure.objects.exists()
