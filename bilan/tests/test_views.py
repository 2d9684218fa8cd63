"""Pages du bilan : suivi des demandes, demande, téléchargement, texte de l'année."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from bilan.models import DemandeBilan, Narratif
from bilan.tasks import generer_bilan
from organisation.tests.factories import UtilisateurFactory
from tests_outils.courtier import simuler_courtier

from .factories import DemandeBilanFactory, NarratifFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent(client):
    utilisateur = UtilisateurFactory(referent=True)
    client.force_login(utilisateur)
    return utilisateur


def test_liste_montre_les_etats_et_le_suivi_automatique(client, referent):
    DemandeBilanFactory(statut="en_cours", etape="mise_en_page")
    DemandeBilanFactory(annee=2022, statut="echec", raison_echec="Gabarit introuvable")
    DemandeBilanFactory(annee=2021, clu=True, termine=True)
    reponse = client.get(reverse("bilan:demande_list"))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    for texte in (
        "Bilan qualité annuel",
        "En cours",
        "Étape 2 sur 3 : Mise en page du PDF",
        "Échec",
        "Raison : Gabarit introuvable",
        "Télécharger",
    ):
        assert texte in html
    assert 'data-active="1"' in html and "bilan/suivi.js" in html
    assert 'http-equiv="refresh"' not in html  # sans JavaScript, rien ne se recharge seul (RGAA 13.1)
    assert "Actualiser l'état des demandes" in html
    assert html.count('aria-live="polite"') == 1 and '<p class="fr-sr-only" aria-live="polite"' in html


def test_liste_sans_demande_active_ne_se_recharge_pas(client, referent):
    DemandeBilanFactory(termine=True)
    html = client.get(reverse("bilan:demande_list")).content.decode()
    assert 'data-active="0"' in html and 'http-equiv="refresh"' not in html


def test_fragment_d_etat(client, referent):
    DemandeBilanFactory(statut="en_attente")
    reponse = client.get(reverse("bilan:demande_etat"))
    assert reponse.status_code == 200
    assert "En attente" in reponse.content.decode()
    assert "<html" not in reponse.content.decode()


def test_nombre_de_requetes_de_la_liste_constant(client, referent, django_assert_max_num_queries):
    for annee in range(2010, 2025):
        DemandeBilanFactory(annee=annee, termine=True, demandeur=referent)
    with django_assert_max_num_queries(12):
        client.get(reverse("bilan:demande_list"))


def test_le_copil_voit_les_demandes_sans_formulaire(client):
    client.force_login(UtilisateurFactory())
    html = client.get(reverse("bilan:demande_list")).content.decode()
    assert "Demandes et bilans archivés" in html
    assert "Demander le bilan" not in html


# Base transactionnelle : la tâche part à la validation, pendant la requête, comme en production.
@pytest.mark.django_db(transaction=True)
def test_demander_un_bilan(client, referent, monkeypatch):
    envois = simuler_courtier(monkeypatch, generer_bilan)
    reponse = client.post(reverse("bilan:demande_creer"), {"annee": "2023", "edition": "clu"})
    assert reponse.status_code == 302
    demande = DemandeBilan.objects.get()
    assert (demande.annee, demande.edition, demande.demandeur, demande.statut) == (2023, "clu", referent, "en_attente")
    assert envois == [("bilan.tasks.generer_bilan", (demande.pk,))]
    assert demande.envoyee_le is not None
    assert "il se construit" in str(list(get_messages(reponse.wsgi_request))[0])


@pytest.mark.django_db(transaction=True)
def test_service_de_generation_injoignable_la_demande_est_gardee_et_expliquee(client, referent, monkeypatch):
    simuler_courtier(monkeypatch, generer_bilan, joignable=False)
    reponse = client.post(reverse("bilan:demande_creer"), {"annee": "2023", "edition": "clu"}, follow=True)
    assert reponse.status_code == 200
    demande = DemandeBilan.objects.get()
    assert (demande.statut, demande.envoyee_le) == ("en_attente", None)
    html = reponse.content.decode()
    assert "fr-alert--warning" in html
    assert (
        "Le service de génération des PDF est momentanément injoignable : votre demande du bilan 2023 "
        "(Comité local des usagers (publique)) est enregistrée et sera traitée automatiquement dès son retour."
    ) in html
    assert "En attente du service de génération" in html

    # Seconde demande identique pendant la coupure : même demande, même explication.
    reponse = client.post(reverse("bilan:demande_creer"), {"annee": "2023", "edition": "clu"}, follow=True)
    assert DemandeBilan.objects.count() == 1
    html = reponse.content.decode()
    assert "la demande du bilan 2023 (Comité local des usagers (publique)), déjà enregistrée" in html


def test_demande_envoyee_sans_mention_d_attente_du_service(client, referent):
    DemandeBilanFactory(envoyee_le=timezone.now())
    html = client.get(reverse("bilan:demande_etat")).content.decode()
    assert "En attente" in html and "En attente du service de génération" not in html


def test_deuxieme_demande_identique_ne_cree_pas_de_tache(client, referent, django_capture_on_commit_callbacks):
    existante = DemandeBilanFactory(statut="en_cours", edition="clu")
    with django_capture_on_commit_callbacks() as rappels:
        reponse = client.post(reverse("bilan:demande_creer"), {"annee": "2023", "edition": "clu"})
    assert reponse.status_code == 302 and rappels == []
    assert list(DemandeBilan.objects.all()) == [existante]
    assert "déjà en préparation" in str(list(get_messages(reponse.wsgi_request))[0])


def test_demande_invalide_reaffiche_le_formulaire(client, referent):
    reponse = client.post(reverse("bilan:demande_creer"), {"annee": "1990", "edition": "autre"})
    assert reponse.status_code == 400
    assert "Le formulaire contient 2 erreurs" in reponse.content.decode()
    assert not DemandeBilan.objects.exists()


def test_demander_en_get_est_refuse(client, referent):
    assert client.get(reverse("bilan:demande_creer")).status_code == 405


def test_telecharger_un_bilan_termine(client, referent):
    demande = DemandeBilanFactory(termine=True)
    reponse = client.get(reverse("bilan:demande_telecharger", args=[demande.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert 'filename="bilan-qualite-2023-copil.pdf"' in reponse["Content-Disposition"]
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")


def test_telecharger_un_bilan_pas_fini_donne_404(client, referent):
    demande = DemandeBilanFactory(statut="en_cours")
    assert client.get(reverse("bilan:demande_telecharger", args=[demande.pk])).status_code == 404


def test_rediger_le_texte_de_l_annee(client, referent):
    url = reverse("bilan:narratif_modifier", args=[2024])
    assert "Texte du bilan 2024" in client.get(url).content.decode()
    reponse = client.post(
        url, {"introduction": "Intro 2024", "faits_marquants": "", "perennisation": "", "perspectives": "Suite"}
    )
    assert reponse.status_code == 302
    narratif = Narratif.objects.get(annee=2024)
    assert (narratif.introduction, narratif.perspectives, narratif.modifie_par) == ("Intro 2024", "Suite", referent)
    assert "enregistré" in str(list(get_messages(reponse.wsgi_request))[0])
    assert "Historique des modifications" in client.get(url).content.decode()


def test_texte_sans_perspectives_reaffiche_le_formulaire(client, referent):
    NarratifFactory(annee=2023)
    reponse = client.post(reverse("bilan:narratif_modifier", args=[2023]), {"introduction": "x"})
    assert reponse.status_code == 200
    assert "Le formulaire contient 1 erreur" in reponse.content.decode()
    assert Narratif.objects.get(annee=2023).perspectives == "Perspectives de test."


def test_annee_hors_bornes_404(client, referent):
    assert client.get(reverse("bilan:narratif_modifier", args=[1900])).status_code == 404
