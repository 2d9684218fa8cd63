"""Les demandes de diaporama : une seule active par année, édition et format ; génération rejouable et archivée ;
diapositives retenues et masque transmis au rendu ; échec expliqué ; relance quand le courtier revient."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from bilan.models import DemandePresentation
from bilan.presentation import services
from bilan.presentation.rendu import FichierPresentation, rendre
from bilan.tasks import generer_presentation, relancer_demandes_non_envoyees
from organisation.tests.factories import UtilisateurFactory
from tests_outils.courtier import simuler_courtier

from .factories import DemandePresentationFactory, MasquePresentationFactory, masque_pptx

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendu_leger(monkeypatch):
    """Le rendu complet est relu dans test_presentation_fichiers ; ici, un fichier minimal suffit."""
    appels = []

    def rendre_leger(annee, edition, format, *, retenues=None, masque=None):
        appels.append((annee, edition, format, list(retenues or []), masque))
        return FichierPresentation(contenu=b"PK diaporama", nb_diapositives=7, titre="Diaporama", format=format)

    monkeypatch.setattr(services, "rendre", rendre_leger)
    return appels


def test_demander_genere_et_archive_le_diaporama(django_capture_on_commit_callbacks, rendu_leger, settings):
    referent = UtilisateurFactory(referent=True)
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        demande, creee = services.presentation_demander(
            annee=2023,
            edition="clu",
            format="pptx",
            diapositives=["satisfaction", "indicateurs", "inconnue"],
            masque=None,
            demandeur=referent,
        )
    assert creee and len(rappels) == 1
    demande.refresh_from_db()
    assert demande.statut == DemandePresentation.Statut.TERMINE
    assert demande.diapositives == ["indicateurs", "satisfaction"]  # dans l'ordre du diaporama, clés connues
    assert demande.fichier.name == f"bilans/2023/diaporama-2023-clu-{demande.pk}.pptx"
    assert (Path(settings.MEDIA_ROOT) / demande.fichier.name).read_bytes() == b"PK diaporama"
    assert (demande.taille, demande.nb_diapositives, demande.tentatives) == (12, 7, 1)
    assert rendu_leger == [(2023, "clu", "pptx", ["indicateurs", "satisfaction"], None)]
    assert demande.envoyee_le is not None


def test_le_masque_de_la_prefecture_est_transmis_au_rendu_pptx(django_capture_on_commit_callbacks, rendu_leger):
    masque = MasquePresentationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        demande, _ = services.presentation_demander(
            annee=2023, edition="copil", format="pptx", diapositives=["label"], masque=masque, demandeur=None
        )
        pdf, _ = services.presentation_demander(
            annee=2023, edition="copil", format="pdf", diapositives=["label"], masque=masque, demandeur=None
        )
    assert demande.masque == masque and pdf.masque is None  # le PDF suit toujours la charte de l'État
    assert rendu_leger[0][4] == Path(masque.fichier.path)
    assert rendu_leger[1][4] is None


def test_une_demande_active_est_reutilisee(django_capture_on_commit_callbacks):
    existante = DemandePresentationFactory(statut="en_cours", edition="clu", format="pdf")
    with django_capture_on_commit_callbacks() as rappels:
        demande, creee = services.presentation_demander(
            annee=2023, edition="clu", format="pdf", diapositives=["label"], masque=None, demandeur=None
        )
    assert (demande, creee, rappels) == (existante, False, [])
    # Un autre format de la même année et édition est une autre demande.
    with django_capture_on_commit_callbacks():
        _, creee = services.presentation_demander(
            annee=2023, edition="clu", format="pptx", diapositives=["label"], masque=None, demandeur=None
        )
    assert creee and DemandePresentation.objects.count() == 2


def test_generation_rejouable_une_demande_terminee_n_est_pas_refaite(rendu_leger):
    demande = DemandePresentationFactory(termine=True)
    assert services.presentation_generer(demande_id=demande.pk) is None
    assert rendu_leger == []


def test_une_tentative_interrompue_est_reprise(rendu_leger):
    demande = DemandePresentationFactory(statut="en_cours", tentatives=1)
    services.presentation_generer(demande_id=demande.pk)
    demande.refresh_from_db()
    assert (demande.statut, demande.tentatives) == ("termine", 2)


def test_echec_explique(monkeypatch):
    def casse(*args, **kwargs):
        raise ValueError("masque illisible")

    monkeypatch.setattr(services, "rendre", casse)
    demande = DemandePresentationFactory()
    generer_presentation.apply(args=[demande.pk])
    demande.refresh_from_db()
    assert demande.statut == "echec"
    assert demande.raison_echec == "ValueError : masque illisible"


def test_relance_des_demandes_non_envoyees(monkeypatch):
    envois = simuler_courtier(monkeypatch, generer_presentation)
    vieille = DemandePresentationFactory()
    DemandePresentation.objects.filter(pk=vieille.pk).update(creee_le=timezone.now() - timedelta(hours=1))
    DemandePresentationFactory(edition="clu")  # trop récente : la tâche vient peut-être de partir
    assert relancer_demandes_non_envoyees() == 1
    assert envois == [("bilan.tasks.generer_presentation", (vieille.pk,))]


def test_masque_televerse_devient_le_masque_en_service():
    from bilan import selectors

    referent = UtilisateurFactory(referent=True)
    MasquePresentationFactory()
    masque = services.masque_televerser(
        fichier=SimpleUploadedFile("Masque préfecture 2024.pptx", masque_pptx()), utilisateur=referent
    )
    assert selectors.masque_en_service() == masque
    assert (masque.nom, masque.televerse_par) == ("Masque préfecture 2024.pptx", referent)
    assert Path(masque.fichier.path).read_bytes()[:2] == b"PK"


def test_rendu_sur_le_masque_de_la_prefecture(tmp_path):
    """Sans données : le diaporama prend la taille et les dispositions du masque, pas ses diapositives d'exemple."""
    chemin = tmp_path / "masque.pptx"
    chemin.write_bytes(masque_pptx())
    fichier = rendre(2023, "clu", "pptx", retenues=["indicateurs", "perspectives"], masque=chemin)
    deck = Presentation(io.BytesIO(fichier.contenu))
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)
    titres = [diapo.shapes.title.text for diapo in deck.slides]
    assert "Diapositive d'exemple du masque" not in titres
    assert titres == ["Démarche qualité : bilan 2023", "Les indicateurs", "Perspectives"]
    assert [diapo.slide_layout.name for diapo in deck.slides] == ["Title Slide", "Title Only", "Title Only"]
    assert len(deck.slides) == fichier.nb_diapositives


def test_masque_integre_seize_neuviemes_aux_couleurs_de_l_etat():
    """Le masque intégré : 16:9, ses dispositions élargies (une diapositive ajoutée dans PowerPoint tombe juste),
    Marianne et le bloc-marque posés une fois sur le masque des diapositives."""
    deck = Presentation(io.BytesIO(rendre(2023, "copil", "pptx", retenues=["perspectives"]).contenu))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)
    for disposition in deck.slide_layouts:
        for espace in disposition.placeholders:
            assert espace.left + espace.width <= deck.slide_width, (disposition.name, espace.name)
    formes = deck.slide_master.shapes
    assert any(forme.shape_type == MSO_SHAPE_TYPE.PICTURE for forme in formes)  # Marianne
    textes = " ".join(forme.text_frame.text for forme in formes if forme.has_text_frame)
    assert "RÉPUBLIQUE" in textes and "FRANÇAISE" in textes
