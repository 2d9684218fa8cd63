"""Tableau de bord sur la démonstration, chargée une fois pour le module (les tests la lisent seulement)."""

import pytest
from django.urls import reverse

from organisation.tests.factories import UtilisateurFactory
from pilotage.tests.chiffres import verifier_chaque_chiffre
from tests_outils.demo import fixture_demo

pytestmark = pytest.mark.django_db

demo = fixture_demo()


def test_chaque_chiffre_egale_la_liste_liee_sur_la_demo(client, demo):
    client.force_login(UtilisateurFactory(referent=True))
    assert verifier_chaque_chiffre(client, f"{reverse('accueil')}?annee=2023") >= 20


def test_synthese_de_l_enquete_sur_la_demo(client, demo):
    client.force_login(UtilisateurFactory())
    contenu = client.get(f"{reverse('accueil')}?annee=2023").content.decode()
    assert 'data-chiffre="enquete">26\u00a0%</a>' in contenu
    assert "Plus forte progression : Accueil téléphonique, 68\u00a0% → 93\u00a0% (+25\u00a0pts)" in contenu
    assert "Plus forte baisse : Confort des espaces d&#x27;attente et d&#x27;accueil" in contenu


def test_la_demo_montre_le_prochain_audit_et_aucun_titre_a_saisir(client, demo):
    """Le renouvellement de janvier 2023 est enregistré avec sa conclusion : le cycle 2023 a ses audits prévus, le
    tableau de bord nomme le prochain et son compte à rebours à la date du jour ; aucun module sans titre."""
    from django.utils import timezone

    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.get(reverse("accueil"))
    tableau = reponse.context["tableau"]
    contenu = reponse.content.decode()
    assert tableau.cycle.date_obtention.isoformat() == "2023-01-31"
    prochaine = tableau.prochaine_echeance
    assert prochaine is not None and prochaine.echeance.cycle == tableau.cycle
    assert prochaine.jours_restants == (prochaine.echeance.date_prevue - timezone.localdate()).days
    assert f"Prochain audit ({prochaine.echeance.get_type_display().lower()})" in contenu
    assert prochaine.delai.replace("'", "&#x27;") in contenu
    assert "Aucun audit n&#x27;est prévu" not in contenu
    from engagements.models import Referentiel

    urls = [reverse("accueil"), f"{reverse('accueil')}?annee=2023", reverse("engagements:referentiel_list")]
    urls += [
        reverse("engagements:referentiel_detail", args=[pk]) for pk in Referentiel.objects.values_list("pk", flat=True)
    ]
    for url in urls:
        assert "titre à saisir" not in client.get(url).content.decode(), url
    # Au 31/12/2023, le prochain audit était le suivi de juillet 2024.
    tableau_2023 = client.get(reverse("accueil"), {"annee": 2023}).context["tableau"]
    assert (tableau_2023.prochaine_echeance.echeance.type, tableau_2023.prochaine_echeance.jours_restants) == (
        "suivi",
        213,
    )
