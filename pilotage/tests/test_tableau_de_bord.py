"""Tableau de bord : chaque chiffre égale le nombre de la page liée ; nombre de requêtes fixe ; droits."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.tests.factories import AuditFactory, ConstatFactory
from engagements.tests.factories import EcheanceCycleFactory, ModuleFactory
from enquetes.tests.factories import EnqueteSatisfactionFactory, ResultatCritereFactory
from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import ServiceFactory, SiteFactory, UtilisateurFactory
from pilotage import selectors
from pilotage.tests.chiffres import verifier_chaque_chiffre
from pilotage.tests.factories import InstanceFactory
from plan_actions.models import Statut
from plan_actions.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def _donnees(nb_actions: int = 10, nb_indicateurs: int = 2, nb_constats: int = 3):
    site = SiteFactory()
    services = [ServiceFactory(site=site) for _ in range(3)]
    audit = AuditFactory(site=site, perimetre__cycle__site=site)
    modules = [ModuleFactory(referentiel=audit.referentiel, numero=n) for n in (1, 7)]
    EcheanceCycleFactory(cycle=audit.perimetre.cycle, date_prevue=timezone.localdate() + datetime.timedelta(days=40))
    for numero in range(nb_constats):
        ConstatFactory(audit=audit, numero=numero + 1, piste=numero % 2 == 0)
    for rang in range(nb_actions):
        ActionFactory(
            date_creation=datetime.date(2023, 1, 2),  # existantes le 31/12/2023, date de référence de ?annee=2023
            service_pilote=services[rang % 3],
            statut=[Statut.EN_COURS, Statut.A_LANCER, Statut.REALISEE][rang % 3],
            date_realisation=datetime.date(2023 + rang % 2, 5, 1) if rang % 3 == 2 else None,
            echeance=datetime.date(2020, 1, 1) if rang % 4 == 0 else datetime.date(2030, 1, 1),
            modules=[modules[rang % 2]],
        )
    for rang in range(nb_indicateurs):
        indicateur = IndicateurFactory()
        for mois in (1, 2):
            MesureFactory(indicateur=indicateur, annee=2023, mois=mois, numerateur=Decimal(5 + rang), denominateur=100)
            MesureFactory(indicateur=indicateur, annee=2022, mois=mois)
    for annee in (2022, 2023):
        enquete = EnqueteSatisfactionFactory(annee=annee)
        for rang in range(nb_indicateurs):
            ResultatCritereFactory(enquete=enquete, critere=f"Critère {rang}", taux=80 + rang + annee % 2)
    InstanceFactory(date=timezone.localdate() + datetime.timedelta(days=30))
    InstanceFactory(clu=True, date=timezone.localdate() + datetime.timedelta(days=90))
    return site


def test_chaque_chiffre_egale_la_liste_liee_donnees_de_factories(client):
    _donnees(nb_actions=24)
    client.force_login(UtilisateurFactory(referent=True))
    assert verifier_chaque_chiffre(client, f"{reverse('accueil')}?annee=2023") >= 15


def test_realisees_de_l_annee_selon_le_selecteur(client):
    _donnees(nb_actions=12)
    client.force_login(UtilisateurFactory(username="copil"))
    # Rangs 2, 5, 8, 11 réalisés ; 2023 pour les rangs pairs (2, 8), 2024 pour les impairs (5, 11).
    assert client.get(reverse("accueil"), {"annee": 2023}).context["tableau"].plan.realisees.nombre == 2
    # Échéance passée aux rangs 0, 4, 8 ; le rang 8 est réalisé en 2023 : 2 en retard au 31/12/2023.
    assert selectors.tableau_de_bord(2023, timezone.localdate()).plan.en_retard.nombre == 2
    # Au 31/12/2022, les actions (créées le 02/01/2023) n'existaient pas encore.
    tableau = selectors.tableau_de_bord(2022, timezone.localdate())
    assert tableau.plan.realisees.nombre == 0
    assert tableau.plan.en_retard.nombre == 0


@pytest.mark.parametrize("nombres", [(10, 2, 3), (300, 20, 40)])
def test_nombre_de_requetes_fixe(client, django_assert_num_queries, nombres):
    _donnees(*nombres)
    client.force_login(UtilisateurFactory(referent=True))
    with django_assert_num_queries(14):  # dont les modules du périmètre labellisé
        selectors.tableau_de_bord(2023, timezone.localdate())
    client.get(reverse("accueil"))  # la première page de la session note l'activité (écriture de session)
    # Session, utilisateur, puis le selector ; sans `annee`, la dernière année mesurée est lue avec les mesures.
    with django_assert_num_queries(16):
        client.get(reverse("accueil"), {"annee": 2023})
    with django_assert_num_queries(15):  # l'année en cours : comptes groupés par service, modules, leurs noms
        reponse = client.get(reverse("accueil"))
    assert reponse.context["tableau"].annee == 2023


def test_le_copil_lit_sans_rien_pouvoir_modifier(client):
    _donnees()
    client.force_login(UtilisateurFactory(username="membre_copil"))
    reponse = client.get(reverse("accueil"))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Tableau de bord" in contenu
    assert "Prochain audit" in contenu
    # Les seuls formulaires d'envoi sont ceux de la déconnexion (en-tête et menu mobile) et « Rester connecté ».
    envois = contenu.count('action="/deconnexion/"') + contenu.count(f'action="{reverse("session_prolonger")}"')
    assert contenu.count('method="post"') == envois
    assert reverse("pilotage:instance_creer") not in client.get(reverse("pilotage:instances")).content.decode()
    assert client.post(reverse("pilotage:instance_creer"), {"type": "copil", "date": "2024-01-01"}).status_code == 403


def test_le_correspondant_voit_d_abord_ses_actions(client):
    service = ServiceFactory()
    ActionFactory(service_pilote=service, en_retard=True)
    ActionFactory(service_pilote=service)
    ActionFactory(service_pilote=service, realisee=True)
    ActionFactory()
    client.force_login(UtilisateurFactory(correspondant=True, services=[service]))
    reponse = client.get(reverse("accueil"))
    assert reponse.context["tableau"].mes_actions == {
        "ouvertes": 2,
        "en_retard": 1,
        "url": reverse("plan_actions:mes_actions"),
    }
    assert "2 actions ouvertes dans vos services, dont 1 en retard." in reponse.content.decode()


def test_anonyme_renvoye_a_la_connexion(client):
    reponse = client.get(reverse("accueil"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("login"))


def test_compte_a_rebours_et_prochaines_instances(client):
    _donnees()
    # Sans année demandée : le tableau d'aujourd'hui (la dernière année mesurée pour les indicateurs).
    tableau = selectors.tableau_de_bord(None, timezone.localdate())
    assert tableau.prochaine_echeance.jours_restants == 40
    assert tableau.prochaines_instances["copil"].date == timezone.localdate() + datetime.timedelta(days=30)
    assert tableau.prochaines_instances["clu"].date == timezone.localdate() + datetime.timedelta(days=90)
    assert [i.type for i in selectors.prochaines_instances(5)] == ["copil", "clu"]


def test_annee_par_defaut_la_derniere_annee_mesuree(client):
    _donnees()
    client.force_login(UtilisateurFactory(referent=True))
    assert client.get(reverse("accueil")).context["tableau"].annee == 2023
