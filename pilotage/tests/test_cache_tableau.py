"""Tableau de bord gardé en cache : aucun chiffre périmé après une écriture (signal, formulaire, écriture en masse).

Le cache est désactivé pour le reste de la suite (nombres de requêtes exacts) ; ces tests l'activent.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engagements.tests.factories import ModuleFactory
from indicateurs.tests.factories import IndicateurFactory, MesureFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from pilotage import selectors
from plan_actions import services as plan_services
from plan_actions.models import Statut
from plan_actions.tests.factories import ActionFactory
from qualite import versions
from tests_outils.formulaires import formulaire

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_actif(settings):
    settings.QUALITE_CACHE_TABLEAUX = True
    selectors.MEMOIRE_TABLEAU.vider()
    yield
    selectors.MEMOIRE_TABLEAU.vider()


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def _tableau(client, annee=None):
    parametres = {"annee": annee} if annee else {}
    reponse = client.get(reverse("accueil"), parametres)
    assert reponse.status_code == 200
    return reponse.context["tableau"], reponse.content.decode()


def test_deuxieme_lecture_sans_recalcul_puis_recalcul_apres_un_enregistrement(
    client, referent, django_assert_max_num_queries
):
    ActionFactory.create_batch(3, statut=Statut.EN_COURS)
    client.force_login(referent)
    tableau, _ = _tableau(client)
    assert tableau.plan.ouvertes.nombre == 3
    assert tableau.cle
    # Gardé : session, utilisateur et le jeton des données, rien d'autre.
    with django_assert_max_num_queries(3):
        tableau, _ = _tableau(client)
    assert tableau.plan.ouvertes.nombre == 3

    ActionFactory(statut=Statut.A_LANCER)  # post_save
    tableau, contenu = _tableau(client)
    assert tableau.plan.ouvertes.nombre == 4
    assert tableau.plan.total.nombre == 4
    assert f'href="{tableau.plan.ouvertes.url}"' in contenu.replace("&amp;", "&")


def test_aucun_chiffre_perime_apres_le_formulaire_de_modification(app, referent):
    action = ActionFactory(statut=Statut.EN_COURS, service_pilote=ServiceFactory())
    annee = {"annee": timezone.localdate().year}
    tableau = app.get(reverse("accueil"), annee, user=referent).context["tableau"]
    assert (tableau.plan.ouvertes.nombre, tableau.plan.realisees.nombre) == (1, 0)

    page = app.get(reverse("plan_actions:modifier", kwargs={"pk": action.pk}), user=referent)
    form = formulaire(page, "statut")
    form["statut"] = Statut.REALISEE
    form["date_realisation"] = timezone.localdate().strftime("%d/%m/%Y")
    assert form.submit().status_code == 302

    reponse = app.get(reverse("accueil"), annee, user=referent)
    tableau = reponse.context["tableau"]
    assert (tableau.plan.ouvertes.nombre, tableau.plan.realisees.nombre) == (0, 1)
    # Le rendu gardé (cache de gabarit) suit le même jeton : la page montre le nouveau nombre.
    assert reponse.html.find(attrs={"href": tableau.plan.realisees.url}).get_text(strip=True).startswith("1")


def test_suppression_et_relation_plusieurs_a_plusieurs(client, referent):
    module = ModuleFactory()
    action = ActionFactory(statut=Statut.EN_COURS)
    client.force_login(referent)
    tableau, _ = _tableau(client)
    assert tableau.plan.par_module == []

    action.modules.add(module)  # m2m_changed
    tableau, _ = _tableau(client)
    assert [(ligne["module"], ligne["total"].nombre) for ligne in tableau.plan.par_module] == [(module, 1)]

    action.delete()  # post_delete
    tableau, _ = _tableau(client)
    assert (tableau.plan.total.nombre, tableau.plan.par_module) == (0, [])


def test_une_mesure_saisie_change_la_valeur_de_l_indicateur(client, referent):
    indicateur = IndicateurFactory()
    MesureFactory(indicateur=indicateur, annee=2023, mois=1, numerateur=Decimal(8), denominateur=Decimal(100))
    client.force_login(referent)
    tableau, _ = _tableau(client, 2023)
    assert tableau.indicateurs[0].valeur == Decimal("8.00")

    MesureFactory(indicateur=indicateur, annee=2023, mois=2, numerateur=Decimal(12), denominateur=Decimal(100))
    tableau, _ = _tableau(client, 2023)
    assert tableau.indicateurs[0].valeur == Decimal("10.00")


def test_ecriture_en_masse_du_service_change_le_jeton(client, referent):
    client.force_login(referent)
    tableau, _ = _tableau(client)
    assert tableau.plan.total.nombre == 0
    jeton = versions.version(selectors.VERSION_TABLEAU)
    nouvelles = [
        plan_services.action_preparer(
            reference=f"2026-M{rang:03d}",
            intitule=f"Action importée {rang}",
            statut=Statut.A_LANCER,
            date_creation=timezone.localdate(),
        )
        for rang in range(5)
    ]
    plan_services.actions_creer_en_masse(nouvelles=nouvelles, auteur=None)  # bulk_create : aucun signal
    assert versions.version(selectors.VERSION_TABLEAU) != jeton
    tableau, _ = _tableau(client)
    assert tableau.plan.total.nombre == 5


def test_une_ecriture_annulee_ne_change_rien(client, referent):
    ActionFactory()
    client.force_login(referent)
    _tableau(client)
    jeton = versions.version(selectors.VERSION_TABLEAU)
    with pytest.raises(RuntimeError), transaction.atomic():
        ActionFactory()
        raise RuntimeError("annulée")
    assert versions.version(selectors.VERSION_TABLEAU) == jeton
    tableau, _ = _tableau(client)
    assert tableau.plan.total.nombre == 1


def test_chaque_annee_et_chaque_jour_a_sa_cle(referent):
    ActionFactory(date_creation=datetime.date(2023, 1, 2), statut=Statut.EN_COURS)
    aujourdhui = timezone.localdate()
    courant = selectors.tableau_de_bord(None, aujourdhui, referent)
    passe = selectors.tableau_de_bord(2022, aujourdhui, referent)
    assert courant.cle != passe.cle
    assert (courant.plan.total.nombre, passe.plan.total.nombre) == (1, 0)
    demain = selectors.tableau_de_bord(None, aujourdhui + datetime.timedelta(days=1), referent)
    assert demain.cle != courant.cle


def test_les_actions_du_correspondant_jamais_partagees(client):
    service = ServiceFactory()
    ActionFactory(service_pilote=service)
    ActionFactory()
    correspondant = UtilisateurFactory(correspondant=True, services=[service])
    assert selectors.tableau_de_bord(None, timezone.localdate(), UtilisateurFactory(referent=True)).mes_actions is None
    tableau = selectors.tableau_de_bord(None, timezone.localdate(), correspondant)
    assert tableau.mes_actions["ouvertes"] == 1


def test_la_memoire_garde_les_plus_recents():
    memoire = versions.Memoire(taille=2)
    calculs = []

    def calcul(valeur):
        def calculer():
            calculs.append(valeur)
            return valeur

        return calculer

    assert memoire.obtenir("a", calcul("A")) == "A"
    assert memoire.obtenir("a", calcul("autre")) == "A"
    memoire.obtenir("b", calcul("B"))
    memoire.obtenir("c", calcul("C"))  # « a » sort
    assert memoire.obtenir("a", calcul("A2")) == "A2"
    assert calculs == ["A", "B", "C", "A2"]
