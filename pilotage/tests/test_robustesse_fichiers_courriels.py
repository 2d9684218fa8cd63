"""Issue 16, point 8 : sujets de courriel et noms de fichiers assainis, documents servis par des vues qui vérifient
les droits (une seule fonction du noyau, `qualite.fichiers.servir_fichier`).

Avant la correction : un CR/LF dans l'intitulé d'une séance faisait finir l'envoi du compte rendu en 500 après
l'enregistrement de sa ligne (jamais envoyé) ; le lien du compte rendu pointait vers /fichiers/, jamais servi.
"""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from engagements.tests.factories import ReferentielFactory
from organisation.models import Courriel
from organisation.services.courriels import sujet_assaini
from organisation.tests.factories import UtilisateurFactory
from pilotage import services

from .factories import InstanceFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_compte_rendu_avec_retour_a_la_ligne_dans_l_intitule(client, django_capture_on_commit_callbacks):
    instance = InstanceFactory(avec_compte_rendu=True, titre="COPIL\r\nBcc: pirate@exemple.invalid")
    ParticipationFactory(instance=instance)
    with django_capture_on_commit_callbacks(execute=True):
        nouveaux, _ = services.compte_rendu_envoyer(instance=instance, lien="http://test/instance")
    assert nouveaux == 1
    assert len(mail.outbox) == 1 and "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject
    assert mail.outbox[0].bcc == []
    assert Courriel.objects.get().statut == Courriel.Statut.ENVOYE


@pytest.mark.parametrize(
    ("sujet", "attendu"),
    [("a\r\nb", "a b"), ("a\x00\x1bb", "a b"), ("a\u2028b", "a b"), ("x" * 500, "x" * 199 + "…")],
)
def test_sujet_assaini(sujet, attendu):
    assert sujet_assaini(sujet) == attendu


def test_compte_rendu_televerse_servi_par_une_vue_qui_verifie_les_droits(client):
    instance = InstanceFactory(avec_compte_rendu=True)
    instance.compte_rendu_fichier.save('cr "2023";\r\n.pdf', ContentFile(b"%PDF-1.4 test"), save=True)
    client.force_login(UtilisateurFactory(username="copil", role="copil"))
    page = client.get(reverse("pilotage:instance_detail", args=[instance.pk])).content.decode()
    url = reverse("pilotage:compte_rendu_fichier", args=[instance.pk])
    assert f'href="{url}"' in page and "/fichiers/" not in page
    reponse = client.get(url)
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == b"%PDF-1.4 test"
    disposition = reponse["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\r" not in disposition and '";' not in disposition
    assert client.get(f"/fichiers/{instance.compte_rendu_fichier.name}").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_compte_rendu_absent_du_disque_donne_404(client):
    instance = InstanceFactory(avec_compte_rendu=True)
    instance.compte_rendu_fichier.name = "pilotage/comptes-rendus/disparu.pdf"
    instance.save()
    client.force_login(UtilisateurFactory(username="ref", referent=True))
    assert client.get(reverse("pilotage:compte_rendu_fichier", args=[instance.pk])).status_code == 404


@pytest.mark.parametrize("version", ['2024";\r\nSet-Cookie: x=1', "../../etc", '"'])
def test_nom_du_telechargement_d_un_referentiel_assaini(client, version):
    referentiel = ReferentielFactory(version=version)
    client.force_login(UtilisateurFactory(username="ref", referent=True))
    reponse = client.get(reverse("engagements:referentiel_export", args=[referentiel.pk, "csv"]))
    assert reponse.status_code == 200
    disposition = reponse["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition and "/" not in disposition
    assert disposition.count('"') == 2 and "Set-Cookie" not in reponse.headers
