"""Règles des demandes de bilan : une seule demande active, génération rejouable, échec expliqué."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from bilan import services
from bilan.models import DemandeBilan
from bilan.rendu import PdfBilan
from bilan.tasks import generer_bilan
from organisation.tests.factories import UtilisateurFactory
from tests_outils.courtier import simuler_courtier

from .factories import DemandeBilanFactory, NarratifFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendu_leger(monkeypatch):
    """Le rendu WeasyPrint est testé dans test_pdf ; ici, un PDF minimal suffit."""
    appels = []

    def rendre(annee, edition, *, avant_mise_en_page=None):
        appels.append((annee, edition))
        if avant_mise_en_page is not None:
            avant_mise_en_page()
        return PdfBilan(contenu=b"%PDF-1.7 test", nb_pages=3, titre="Bilan")

    monkeypatch.setattr(services, "rendre_pdf", rendre)
    return appels


def test_demander_cree_la_demande_et_envoie_la_tache(django_capture_on_commit_callbacks, rendu_leger, settings):
    referent = UtilisateurFactory(referent=True)
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        demande, creee = services.bilan_demander(annee=2023, edition="clu", demandeur=referent)
    assert creee and len(rappels) == 1
    demande.refresh_from_db()
    assert demande.statut == DemandeBilan.Statut.TERMINE
    assert demande.demandeur == referent
    assert demande.fichier.name == f"bilans/2023/bilan-2023-clu-{demande.pk}.pdf"
    assert (Path(settings.MEDIA_ROOT) / demande.fichier.name).read_bytes() == b"%PDF-1.7 test"
    assert (demande.taille, demande.nb_pages, demande.tentatives) == (13, 3, 1)
    assert rendu_leger == [(2023, "clu")]
    assert demande.envoyee_le is not None


def test_demande_envoyee_au_courtier_apres_validation(django_capture_on_commit_callbacks, monkeypatch):
    envois = simuler_courtier(monkeypatch, generer_bilan)
    with django_capture_on_commit_callbacks(execute=True):
        demande, _ = services.bilan_demander(annee=2023, edition="clu", demandeur=None)
    assert envois == [("bilan.tasks.generer_bilan", (demande.pk,))]
    demande.refresh_from_db()
    assert demande.statut == "en_attente" and demande.envoyee_le is not None
    assert not demande.attend_le_service


def test_courtier_injoignable_la_demande_reste_en_attente_sans_erreur(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    simuler_courtier(monkeypatch, generer_bilan, joignable=False)
    with django_capture_on_commit_callbacks(execute=True):
        demande, creee = services.bilan_demander(annee=2023, edition="clu", demandeur=None)
    assert creee
    demande.refresh_from_db()
    assert demande.statut == "en_attente" and demande.envoyee_le is None
    assert demande.attend_le_service
    assert "non envoyée, courtier injoignable" in caplog.text


def _vieillir(demande: DemandeBilan, secondes: int) -> None:
    DemandeBilan.objects.filter(pk=demande.pk).update(creee_le=timezone.now() - timedelta(seconds=secondes))


def test_relance_republie_seulement_les_demandes_non_envoyees_assez_anciennes(monkeypatch):
    envois = simuler_courtier(monkeypatch, generer_bilan)
    a_relancer = DemandeBilanFactory(annee=2021)
    _vieillir(a_relancer, 120)
    recente = DemandeBilanFactory(annee=2022)  # l'envoi normal est peut-être en cours
    deja_envoyee = DemandeBilanFactory(annee=2020, envoyee_le=timezone.now())
    _vieillir(deja_envoyee, 120)
    finie = DemandeBilanFactory(annee=2019, termine=True)
    _vieillir(finie, 120)

    assert services.bilan_relancer_non_envoyees(anciennete_secondes=30) == 1
    assert envois == [("bilan.tasks.generer_bilan", (a_relancer.pk,))]
    assert DemandeBilan.objects.filter(envoyee_le__isnull=False).count() == 2
    recente.refresh_from_db()
    assert recente.envoyee_le is None
    assert services.bilan_relancer_non_envoyees(anciennete_secondes=30) == 0  # déjà envoyée : rien à refaire
    assert services.bilan_relancer_non_envoyees(anciennete_secondes=0) == 1  # la récente aussi
    assert len(envois) == 2


def test_relance_courtier_toujours_injoignable_ne_leve_pas(monkeypatch):
    simuler_courtier(monkeypatch, generer_bilan, joignable=False)
    demande = DemandeBilanFactory()
    assert services.bilan_relancer_non_envoyees(anciennete_secondes=0) == 0
    demande.refresh_from_db()
    assert demande.statut == "en_attente" and demande.envoyee_le is None


def test_tache_de_relance_periodique(monkeypatch, settings):
    from bilan.tasks import relancer_demandes_non_envoyees

    envois = simuler_courtier(monkeypatch, generer_bilan)
    settings.QUALITE_RELANCE_ANCIENNETE_SECONDES = 0
    demande = DemandeBilanFactory()
    assert relancer_demandes_non_envoyees.apply().get() == 1
    assert envois == [("bilan.tasks.generer_bilan", (demande.pk,))]
    planifiee = settings.CELERY_BEAT_SCHEDULE["bilan-relance-non-envoyees"]
    assert planifiee["task"] == "bilan.tasks.relancer_demandes_non_envoyees"
    assert planifiee["schedule"].total_seconds() == settings.QUALITE_RELANCE_SECONDES


@pytest.mark.parametrize(
    "statut_existant,nouvelle",
    [("en_attente", False), ("en_cours", False), ("termine", True), ("echec", True)],
)
def test_une_seule_demande_active_par_annee_et_edition(statut_existant, nouvelle, django_capture_on_commit_callbacks):
    existante = DemandeBilanFactory(statut=statut_existant)
    with django_capture_on_commit_callbacks() as rappels:
        demande, creee = services.bilan_demander(annee=2023, edition="copil", demandeur=None)
    assert creee is nouvelle
    assert (demande.pk == existante.pk) is not nouvelle
    assert len(rappels) == (1 if nouvelle else 0)


def test_autre_edition_ou_autre_annee_fait_une_autre_demande():
    existante = DemandeBilanFactory(statut="en_cours")
    assert services.bilan_demander(annee=2023, edition="clu", demandeur=None)[0] != existante
    assert services.bilan_demander(annee=2022, edition="copil", demandeur=None)[0] != existante


def test_la_base_refuse_deux_demandes_actives():
    DemandeBilanFactory(statut="en_attente")
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeBilanFactory(statut="en_cours")
    DemandeBilanFactory(statut="termine")  # les demandes finies ne comptent pas


def test_generer_reprend_une_tentative_interrompue_sans_doubler_le_fichier(rendu_leger, settings):
    demande = DemandeBilanFactory(statut="en_cours", tentatives=1)
    temporaires = Path(settings.MEDIA_ROOT) / "bilans" / ".en-cours"
    temporaires.mkdir(parents=True)
    (temporaires / f"demande-{demande.pk}-reste.pdf").write_bytes(b"moitie")  # reste du worker tué
    services.bilan_generer(demande_id=demande.pk)
    services.bilan_generer(demande_id=demande.pk)  # message rejoué : rien à refaire
    demande.refresh_from_db()
    assert demande.statut == "termine" and demande.tentatives == 2
    assert len(rendu_leger) == 1
    assert [p.name for p in (Path(settings.MEDIA_ROOT) / "bilans" / "2023").iterdir()] == [
        f"bilan-2023-copil-{demande.pk}.pdf"
    ]
    assert list(temporaires.iterdir()) == []


def test_erreur_non_passagere_met_la_demande_en_echec_avec_la_raison(monkeypatch):
    def casse(annee, edition, **_):
        raise ValueError("gabarit introuvable")

    monkeypatch.setattr(services, "rendre_pdf", casse)
    demande = DemandeBilanFactory()
    generer_bilan.delay(demande.pk)
    demande.refresh_from_db()
    assert demande.statut == "echec"
    assert demande.raison_echec == "ValueError : gabarit introuvable"


def test_erreur_passagere_relancee_puis_echec_quand_les_essais_sont_epuises(monkeypatch):
    def indisponible(annee, edition, **_):
        raise ConnectionError("base injoignable")

    monkeypatch.setattr(services, "rendre_pdf", indisponible)
    monkeypatch.setattr(generer_bilan, "max_retries", 0)
    demande = DemandeBilanFactory()
    resultat = generer_bilan.apply(args=[demande.pk], throw=False)
    assert resultat.state == "FAILURE" and isinstance(resultat.result, ConnectionError)
    demande.refresh_from_db()
    assert demande.statut == "echec"
    assert "Service indisponible après plusieurs essais" in demande.raison_echec


def test_narratif_enregistrer_historise():
    referent = UtilisateurFactory(referent=True)
    NarratifFactory(annee=2024)
    narratif = services.narratif_enregistrer(annee=2024, utilisateur=referent, perspectives="Nouvelles perspectives")
    narratif.refresh_from_db()
    assert narratif.perspectives == "Nouvelles perspectives"
    assert narratif.introduction == "Introduction du bilan de test."
    assert narratif.modifie_par == referent
    assert narratif.history.count() == 2


def test_la_generation_ecrit_chacune_de_ses_trois_etapes_pendant_qu_elle_avance(monkeypatch, settings):
    demande = DemandeBilanFactory(statut="en_attente")
    vues = []

    def etape_en_base():
        demande.refresh_from_db()
        vues.append((demande.statut, demande.etape, demande.numero_etape))

    def rendre(annee, edition, *, avant_mise_en_page):
        etape_en_base()  # les chiffres de l'année se lisent
        avant_mise_en_page()
        etape_en_base()  # WeasyPrint met en page
        return PdfBilan(contenu=b"%PDF-1.7 test", nb_pages=3, titre="Bilan")

    def ecrire(relatif, contenu, prefixe):
        etape_en_base()  # le fichier s'archive
        return len(contenu)

    monkeypatch.setattr(services, "rendre_pdf", rendre)
    monkeypatch.setattr(services, "_ecrire_atomiquement", ecrire)
    services.bilan_generer(demande_id=demande.pk)
    assert vues == [("en_cours", "lecture", 1), ("en_cours", "mise_en_page", 2), ("en_cours", "archivage", 3)]
    demande.refresh_from_db()
    assert demande.statut == "termine" and demande.etape == "" and demande.numero_etape == 0
