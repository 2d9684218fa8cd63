"""Import des résultats d'enquête : format de la seed, actualisation, erreurs nommant ligne et colonne."""

import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from enquetes.echanges import importer_enquete
from enquetes.models import EnqueteSatisfaction, ResultatCritere
from enquetes.tests.factories import EnqueteSatisfactionFactory, ResultatCritereFactory
from organisation.tests.factories import UtilisateurFactory
from qualite.imports import executer_import

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[1] / "donnees" / "satisfaction_2022_2023.csv"


def _importer(contenu: bytes, nom: str = "enquete.csv", simulation: bool = False):
    return executer_import(importer_enquete, simulation=simulation, fichier=io.BytesIO(contenu), nom=nom)


def test_fichier_de_la_seed_par_la_commande():
    sortie = io.StringIO()
    call_command("importer_enquete", str(SEED), stdout=sortie)
    assert "22 créés" in sortie.getvalue()
    assert sorted(EnqueteSatisfaction.objects.values_list("annee", flat=True)) == [2022, 2023]
    telephone = ResultatCritere.objects.get(enquete__annee=2023, critere="Accueil téléphonique")
    assert (telephone.theme, telephone.taux, telephone.ordre) == ("Accueil téléphonique", D(93), 10)
    # L'enquête 2022 n'a que ses taux : rien n'est inventé.
    assert EnqueteSatisfaction.objects.get(annee=2022).echantillon is None


def test_dry_run_n_ecrit_rien():
    sortie = io.StringIO()
    call_command("importer_enquete", str(SEED), "--dry-run", stdout=sortie)
    assert "seraient enregistrés" in sortie.getvalue()
    assert not EnqueteSatisfaction.objects.exists()


def test_reimport_actualise_sans_doublon():
    enquete = EnqueteSatisfactionFactory(annee=2023, echantillon=332)
    ResultatCritereFactory(enquete=enquete, theme="Agents", critere="Courtoisie", taux=50)
    rapport = _importer("theme,critere,2023\nAgents,Courtoisie,96\nAgents,Disponibilité,95\n".encode())
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (1, 1, 0)
    assert ResultatCritere.objects.get(critere="Courtoisie").taux == D(96)
    enquete.refresh_from_db()
    assert enquete.echantillon == 332
    rapport = _importer(b"theme,critere,2023\nAgents,Courtoisie,96\n")
    assert rapport.inchanges == 1


def test_xlsx_cellule_vide_et_virgule_decimale():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["Résultats de l'enquête"])
    feuille.append(["Thème", "Critère", "2022", "2023"])
    feuille.append(["Agents", "Courtoisie", None, "95,5"])
    contenu = io.BytesIO()
    classeur.save(contenu)
    rapport = _importer(contenu.getvalue(), nom="enquete.xlsx")
    assert rapport.valide and rapport.crees == 1
    assert ResultatCritere.objects.get().taux == D("95.5")
    assert not ResultatCritere.objects.filter(enquete__annee=2022).exists()


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        ("theme,critere,2023\nAgents,Courtoisie,120\n", "Ligne 2 : Colonne « 2023 » : taux « 120 » hors de 0 à 100 %."),
        (
            "theme,critere,2023\nAgents,Courtoisie,beaucoup\n",
            "Ligne 2 : Colonne « 2023 » : nombre « beaucoup » non reconnu.",
        ),
        ("theme,critere,2023\nAgents,,90\n", "Ligne 2 : Colonne « Critère » : valeur manquante."),
        ("theme,critere,2023\nAgents,A,90\nAgents,A,91\n", "Ligne 3 : Critère « A » déjà présent ligne 2."),
        ("theme,critere,remarque\nAgents,A,90\n", "Ligne 1 : En-tête : aucune colonne d'année"),
    ],
)
def test_erreurs_nommees_et_rien_d_ecrit(contenu, message):
    rapport = _importer(contenu.encode())
    assert not rapport.valide
    assert any(erreur.startswith(message) for erreur in rapport.erreurs), rapport.erreurs
    assert not ResultatCritere.objects.exists() and not EnqueteSatisfaction.objects.exists()


def test_commande_refuse_un_fichier_invalide(tmp_path):
    fichier = tmp_path / "faux.csv"
    fichier.write_text("theme,critere,2023\nAgents,Courtoisie,120\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("importer_enquete", str(fichier), stdout=io.StringIO(), stderr=io.StringIO())


def test_import_dans_le_navigateur_apercu_puis_confirmation(client):
    client.force_login(UtilisateurFactory(username="referente", referent=True))
    url = reverse("enquetes:enquete_import")
    reponse = client.post(url, {"fichier": SimpleUploadedFile("satisfaction.csv", SEED.read_bytes())})
    assert reponse.status_code == 200
    assert "Aperçu" in reponse.content.decode() and "Accueil téléphonique" in reponse.content.decode()
    assert not ResultatCritere.objects.exists()
    reponse = client.post(url, {"jeton": reponse.context["jeton"]})
    assert reponse.status_code == 302 and ResultatCritere.objects.count() == 22


def test_import_navigateur_erreur_affichee(client):
    client.force_login(UtilisateurFactory(username="referente", referent=True))
    fichier = SimpleUploadedFile("faux.csv", b"theme,critere,2023\nAgents,Courtoisie,120\n")
    reponse = client.post(reverse("enquetes:enquete_import"), {"fichier": fichier})
    assert "Ligne 2 : Colonne « 2023 » : taux « 120 » hors de 0 à 100 %." in reponse.content.decode()
