"""La page « Présentations » : suivi, demande (formulaire soumis tel qu'affiché), téléversement du masque,
téléchargement selon l'édition."""

import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from webtest import Upload

from bilan.models import DemandePresentation, MasquePresentation
from bilan.presentation.contenu import CLES
from bilan.tasks import generer_presentation
from organisation.tests.factories import UtilisateurFactory
from tests_outils.courtier import simuler_courtier
from tests_outils.formulaires import formulaire, remplir, soumettre

from .factories import DemandePresentationFactory, MasquePresentationFactory, masque_pptx

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_la_page_montre_les_etats_et_le_suivi_automatique(client, referent):
    client.force_login(referent)
    DemandePresentationFactory(statut="en_cours")
    DemandePresentationFactory(annee=2022, statut="echec", raison_echec="Masque illisible")
    DemandePresentationFactory(annee=2021, clu=True, pdf=True, termine=True)
    reponse = client.get(reverse("bilan:presentation_list"))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    for texte in ("Présentations au comité", "En cours", "Raison : Masque illisible", "Télécharger", "PDF 16:9"):
        assert texte in html
    assert 'data-active="1"' in html and "bilan/suivi.js" in html
    assert "Aucun masque téléversé" in html


def test_le_fragment_d_etat(client, referent):
    client.force_login(referent)
    DemandePresentationFactory()
    reponse = client.get(reverse("bilan:presentation_etat"))
    assert "En attente" in reponse.content.decode() and "<html" not in reponse.content.decode()


def test_nombre_de_requetes_de_la_page_constant(client, referent, django_assert_max_num_queries):
    client.force_login(referent)
    masque = MasquePresentationFactory()
    for annee in range(2010, 2025):
        DemandePresentationFactory(annee=annee, termine=True, demandeur=referent, masque=masque)
    with django_assert_max_num_queries(13):
        client.get(reverse("bilan:presentation_list"))


def test_le_copil_suit_sans_formulaire(client):
    client.force_login(UtilisateurFactory())
    html = client.get(reverse("bilan:presentation_list")).content.decode()
    assert "Demandes et diaporamas archivés" in html and "Demander le diaporama" not in html


# Base transactionnelle : la tâche part à la validation, pendant la requête, comme en production.
@pytest.mark.django_db(transaction=True)
def test_demander_depuis_la_page_en_decochant_des_diapositives(app, referent, monkeypatch):
    envois = simuler_courtier(monkeypatch, generer_presentation)
    page = app.get(reverse("bilan:presentation_list"), user=referent)
    form = formulaire(page, "diapositives", "format")
    # Toutes les diapositives sont cochées à l'affichage ; le référent en décoche deux.
    assert {case._value for case in form.fields["diapositives"] if case.checked} == set(CLES)
    gardees = [cle for cle in CLES if cle not in ("label", "transparence")]
    remplir(form, {"annee": "2023", "edition": "clu", "format": "pdf", "diapositives": gardees})
    reponse = form.submit()
    assert reponse.status_code == 302
    demande = DemandePresentation.objects.get()
    assert (demande.annee, demande.edition, demande.format, demande.demandeur) == (2023, "clu", "pdf", referent)
    assert demande.diapositives == gardees and demande.masque is None
    assert envois == [("bilan.tasks.generer_presentation", (demande.pk,))]
    assert "il se construit" in reponse.follow().text


@pytest.mark.django_db(transaction=True)
def test_service_injoignable_la_demande_est_gardee_et_expliquee(client, referent, monkeypatch):
    simuler_courtier(monkeypatch, generer_presentation, joignable=False)
    client.force_login(referent)
    donnees = {"annee": "2023", "edition": "copil", "format": "pptx", "diapositives": CLES, "masque": "integre"}
    reponse = client.post(reverse("bilan:presentation_creer"), donnees, follow=True)
    assert "momentanément injoignable" in reponse.content.decode()
    assert DemandePresentation.objects.get().attend_le_service


def test_deuxieme_demande_identique_ne_cree_pas_de_tache(client, referent, django_capture_on_commit_callbacks):
    client.force_login(referent)
    existante = DemandePresentationFactory(statut="en_cours")
    donnees = {"annee": "2023", "edition": "copil", "format": "pptx", "diapositives": CLES, "masque": "integre"}
    with django_capture_on_commit_callbacks() as rappels:
        reponse = client.post(reverse("bilan:presentation_creer"), donnees)
    assert reponse.status_code == 302 and rappels == []
    assert list(DemandePresentation.objects.all()) == [existante]
    assert "déjà en préparation" in str(list(get_messages(reponse.wsgi_request))[0])


def test_demande_sans_diapositive_reaffiche_le_formulaire(app, referent):
    reponse = soumettre(
        app,
        reverse("bilan:presentation_list"),
        referent,
        {"annee": "2023", "edition": "copil", "format": "pptx", "diapositives": []},
        status=400,
    )
    assert "Cochez au moins une diapositive." in reponse.text
    assert not DemandePresentation.objects.exists()


def test_demande_invalide_reaffiche_le_formulaire(client, referent):
    client.force_login(referent)
    reponse = client.post(reverse("bilan:presentation_creer"), {"annee": "1990", "edition": "copil", "format": "odp"})
    assert reponse.status_code == 400
    assert "Le formulaire contient 4 erreurs" in reponse.content.decode()
    assert not DemandePresentation.objects.exists()


def test_demander_en_get_est_refuse(client, referent):
    client.force_login(referent)
    assert client.get(reverse("bilan:presentation_creer")).status_code == 405
    assert client.get(reverse("bilan:masque_televerser")).status_code == 405


def test_televerser_le_masque_puis_le_choisir(app, referent, django_capture_on_commit_callbacks):
    url = reverse("bilan:presentation_list")
    reponse = soumettre(app, url, referent, {"fichier": Upload("Charte préfecture.pptx", masque_pptx())})
    assert reponse.status_code == 302
    masque = MasquePresentation.objects.get()
    assert (masque.nom, masque.televerse_par) == ("Charte préfecture.pptx", referent)
    page = reponse.follow()
    assert "Masque en service : <strong>Charte préfecture.pptx</strong>" in page.text
    # Le masque de la préfecture est proposé dans la demande.
    with django_capture_on_commit_callbacks():
        reponse = soumettre(app, url, referent, {"annee": "2023", "format": "pptx", "masque": "prefecture"})
    assert reponse.status_code == 302
    assert DemandePresentation.objects.get().masque == masque


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("masque.odp", b"PK", "Format non accepté : envoyez un fichier PowerPoint .pptx."),
        ("masque.pptx", b"ceci n'est pas un zip", "Ce fichier n'est pas un PowerPoint lisible (.pptx)."),
    ],
)
def test_masque_refuse_avec_un_message_qui_nomme_le_probleme(app, referent, nom, contenu, message):
    reponse = soumettre(
        app, reverse("bilan:presentation_list"), referent, {"fichier": Upload(nom, contenu)}, status=400
    )
    assert message in html.unescape(reponse.text)
    assert not MasquePresentation.objects.exists()


@pytest.mark.parametrize(("format", "type_mime"), [("pptx", "presentationml"), ("pdf", "application/pdf")])
def test_telecharger_un_diaporama_termine(client, referent, format, type_mime):
    client.force_login(referent)
    demande = DemandePresentationFactory(termine=True, format=format)
    reponse = client.get(reverse("bilan:presentation_telecharger", args=[demande.pk]))
    assert reponse.status_code == 200
    assert type_mime in reponse["Content-Type"]
    assert f'filename="diaporama-2023-copil.{format}"' in reponse["Content-Disposition"]


def test_telecharger_un_diaporama_pas_fini_donne_404(client, referent):
    client.force_login(referent)
    demande = DemandePresentationFactory(statut="en_cours")
    assert client.get(reverse("bilan:presentation_telecharger", args=[demande.pk])).status_code == 404


def test_la_page_du_bilan_mene_aux_presentations(client, referent):
    client.force_login(referent)
    html = client.get(reverse("bilan:demande_list")).content.decode()
    assert f'href="{reverse("bilan:presentation_list")}"' in html and "Présentations au comité" in html


def _masque_sans_titre() -> bytes:
    """Un PowerPoint dont aucune disposition n'a d'espace réservé de titre : le diaporama ne peut s'y poser."""
    import io

    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    deck = Presentation()
    for disposition in deck.slide_layouts:
        for espace in list(disposition.placeholders):
            if espace.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                espace._element.getparent().remove(espace._element)
    sortie = io.BytesIO()
    deck.save(sortie)
    return sortie.getvalue()


def test_masque_sans_disposition_de_titre_refuse(app, referent):
    reponse = soumettre(
        app,
        reverse("bilan:presentation_list"),
        referent,
        {"fichier": Upload("sans-titre.pptx", _masque_sans_titre())},
        status=400,
    )
    assert "Le masque n'a aucune disposition avec un titre" in html.unescape(reponse.text)
    assert not MasquePresentation.objects.exists()
