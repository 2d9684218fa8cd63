"""Banc de mesure : jeu synthétique, mesures (structure, jamais les temps), garde-fous des commandes."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audits.models import Audit, Constat
from indicateurs.models import Indicateur, Mesure
from plan_actions.models import Action
from qualite.banc import mesures
from qualite.banc.donnees import IDENTIFIANT_REFERENT, Taille, audit_le_plus_fourni, generer
from qualite.banc.pages import PAGES
from qualite.banc.tableau import Ligne, formater
from qualite.models import Role, Service, Utilisateur

PETIT = Taille(services=10, utilisateurs=20, indicateurs=6, annees=2, actions=30, audits=3, constats=40)


@pytest.fixture
def jeu(db):
    return generer(graine=7, taille=PETIT)


def test_generer_cree_les_volumes_demandes(jeu):
    assert jeu["mesures"] == 6 * 2 * 12 == Mesure.objects.count()
    assert Indicateur.objects.mensuels().count() == 6
    assert Action.objects.count() == 30
    assert Constat.objects.count() == 40 and Audit.objects.count() == 3
    assert Service.objects.count() == 10
    assert Utilisateur.objects.get(username=IDENTIFIANT_REFERENT).role == Role.REFERENT
    correspondants = Utilisateur.objects.filter(role=Role.CORRESPONDANT)
    assert correspondants.exists() and not correspondants.filter(services__isnull=True).exists()
    # Le dernier audit reçoit la plus grosse part : 40 // 4 = 10 pour les autres, 20 pour lui.
    assert audit_le_plus_fourni().constats.count() == 20


def test_generer_est_deterministe(db):
    generer(graine=3, taille=PETIT)
    premier = list(Action.objects.order_by("reference").values_list("statut", "service_pilote__nom", "echeance"))
    Action.objects.all().delete()
    Constat.objects.all().delete()
    Audit.objects.all().delete()
    Mesure.objects.all().delete()
    Indicateur.objects.all().delete()
    # Une seconde génération dans une base vidée redonne les mêmes tirages.
    from django.db import connection

    tables = ["qualite_utilisateur_services", "qualite_utilisateur"]
    with connection.cursor() as curseur:
        for table in tables:
            curseur.execute(f"DELETE FROM {table}")
    from engagements.models import CycleLabel, Perimetre, Referentiel
    from qualite.models import Site

    Perimetre.objects.all().delete()
    CycleLabel.objects.all().delete()
    Referentiel.objects.all().delete()
    Service.objects.filter(niveau=Service.Niveau.SERVICE).delete()
    Service.objects.filter(niveau=Service.Niveau.DIRECTION).delete()
    Service.objects.all().delete()
    Site.objects.all().delete()
    generer(graine=3, taille=PETIT)
    second = list(Action.objects.order_by("reference").values_list("statut", "service_pilote__nom", "echeance"))
    assert premier == second


def test_commande_generer_banc_refuse_une_base_non_vide(jeu):
    with pytest.raises(CommandError, match="pas vide"):
        call_command("generer_banc", stdout=StringIO())


def test_commande_banc_refuse_une_autre_base(db):
    with pytest.raises(CommandError, match="pas celle du banc"):
        call_command("banc", stdout=StringIO())


def test_mesurer_pages_rend_chaque_page_en_200(jeu):
    lignes = mesures.mesurer_pages(mesures.Contexte(repetitions=2))
    assert len(lignes) == 2 * len(PAGES)
    assert not [ligne for ligne in lignes if ligne.valeur.startswith("HTTP")]
    requetes = [ligne for ligne in lignes if ligne.mesure.endswith("requêtes SQL")]
    # Toutes les pages tiennent la cible de requêtes (un N+1 sur les 24 engagements la dépasserait).
    assert requetes and all(0 < int(ligne.valeur) <= mesures.CIBLE_REQUETES for ligne in requetes)


def test_mesurer_import_cree_les_actions_du_classeur(jeu):
    lignes = mesures.mesurer_import(mesures.Contexte(lignes_import=12))
    assert Action.objects.filter(reference__startswith="IMP-").count() == 12
    assert lignes[0].mesure == "Import xlsx de 12 actions : temps"
    assert "par ligne" in lignes[1].valeur


def test_bilan_absent_n_est_pas_mesure(db, monkeypatch):
    def absent(nom):
        raise ModuleNotFoundError(f"No module named '{nom}'", name=nom)

    monkeypatch.setattr(mesures, "importlib", SimpleNamespace(import_module=absent))
    (ligne,) = mesures.mesurer_bilan(mesures.Contexte())
    assert ligne.valeur == "non mesuré : app bilan absente" and ligne.tenue is None


def test_bilan_en_erreur_n_est_pas_masque(db, monkeypatch):
    def casse(nom):
        raise ModuleNotFoundError("No module named 'pangocairo'", name="pangocairo")

    monkeypatch.setattr(mesures, "importlib", SimpleNamespace(import_module=casse))
    with pytest.raises(ModuleNotFoundError):
        mesures.mesurer_bilan(mesures.Contexte())


def test_bilan_present_est_mesure(db, monkeypatch):
    class Rendu:
        @staticmethod
        def rendre_html(*, annee):
            return f"<html lang='fr'><body><h1>Bilan {annee}</h1></body></html>"

        @staticmethod
        def rendre_pdf(*, annee):
            from weasyprint import HTML

            return HTML(string=Rendu.rendre_html(annee=annee)).write_pdf()

    monkeypatch.setattr(mesures, "importlib", SimpleNamespace(import_module=lambda nom: Rendu))
    lignes = mesures.mesurer_bilan(mesures.Contexte(annee_bilan=2025))
    assert [ligne.mesure for ligne in lignes] == [
        "Bilan PDF 2025 : pages",
        "Bilan PDF 2025 : temps",
        "Bilan PDF 2025 : pic mémoire",
    ]
    assert lignes[0].valeur == "1"
    assert lignes[1].reference.startswith("WeasyPrint seul")


def test_formater_aligne_les_colonnes():
    texte = formater([Ligne("Liste", "3", "≤ 15", tenue=True), Ligne("Import", "25 s", "≤ 20 s", tenue=False)])
    entete, separateur, premiere, seconde = texte.splitlines()
    assert entete.startswith("| mesure") and "verdict" in entete
    assert len({len(entete), len(separateur), len(premiere), len(seconde)}) == 1
    assert premiere.rstrip(" |").endswith("OK") and seconde.rstrip(" |").endswith("RATÉ")


@pytest.mark.parametrize(
    ("valeurs", "rang", "attendu"),
    [([1, 2, 3, 4, 5], 50, 3), ([10, 20], 50, 15), ([0, 100], 95, 95)],
)
def test_centile(valeurs, rang, attendu):
    assert mesures.centile(valeurs, rang) == pytest.approx(attendu)
