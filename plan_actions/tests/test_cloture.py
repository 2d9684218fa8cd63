"""Clôture d'une année : l'état des actions au 31/12 figé, les chiffres du tableau de bord gardés.

Une année close se lit dans ce qu'a figé la clôture : une modification ultérieure de l'historique ne la change plus,
et ses chiffres se lisent en une requête, quel que soit le nombre d'actions.
"""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions import selectors, services
from plan_actions.models import Action, ClotureAnnee, EtatAnnuel, Statut
from plan_actions.tasks import cloturer_annees_passees
from plan_actions.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FIN_2023 = datetime.date(2023, 12, 31)


def _plan_2023() -> list[Action]:
    """Trois actions créées en 2023, modifiées en 2024 : au 31/12/2023, deux en cours (dont une en retard) et une
    réalisée ; en 2024, toutes réalisées ou abandonnées."""
    service = ServiceFactory()
    with time_machine.travel(datetime.datetime(2023, 3, 1, 9, tzinfo=PARIS), tick=False):
        actions = [
            ActionFactory(date_creation=datetime.date(2023, 3, 1), service_pilote=service, statut=Statut.EN_COURS),
            ActionFactory(
                date_creation=datetime.date(2023, 3, 1),
                service_pilote=service,
                statut=Statut.EN_COURS,
                echeance=datetime.date(2023, 6, 30),
            ),
            ActionFactory(
                date_creation=datetime.date(2023, 3, 1),
                service_pilote=service,
                realisee=True,
                date_realisation=datetime.date(2023, 9, 1),
            ),
        ]
    with time_machine.travel(datetime.datetime(2024, 2, 1, 9, tzinfo=PARIS), tick=False):
        for action, statut in zip(actions[:2], (Statut.REALISEE, Statut.ABANDONNEE), strict=True):
            action.refresh_from_db()
            services.action_mettre_a_jour(
                action=action,
                version_lue=action.version,
                modifications={"statut": statut, "date_realisation": datetime.date(2024, 1, 20)},
                auteur=None,
            )
    return actions


def _statuts(jour: datetime.date) -> dict[str, int]:
    return {ligne["statut"]: ligne["nombre"] for ligne in selectors.actions_par_statut(date_reference=jour)}


def test_la_cloture_fige_l_etat_du_31_12_lu_dans_l_historique():
    _plan_2023()
    avant = selectors.calculer_chiffres(FIN_2023, cloture=None, realisees_en=2023)

    cloture = services.annee_cloturer(annee=2023)

    assert EtatAnnuel.objects.filter(cloture=cloture).count() == 3
    assert selectors.chiffres_du_plan(FIN_2023) == avant
    assert avant.comptes["en_cours"] == 2 and avant.comptes["realisee"] == 1
    assert avant.comptes["en_retard"] == 1 and avant.comptes["realisees"] == 1
    assert _statuts(FIN_2023)["en_cours"] == 2
    # Aujourd'hui, le plan tel qu'il est.
    assert _statuts(datetime.date.today())["en_cours"] == 0


def test_une_annee_close_ne_change_pas_apres_modification_de_l_historique(client):
    _plan_2023()
    services.annee_cloturer(annee=2023)
    chiffres = selectors.chiffres_du_plan(FIN_2023)
    statuts = _statuts(FIN_2023)

    # L'historique d'avant le 31/12/2023 est réécrit (reprise, correction en base) : l'année close n'en voit rien.
    Action.history.filter(history_date__year=2023).update(statut=Statut.ABANDONNEE)
    relu = selectors.calculer_chiffres(FIN_2023, cloture=None, realisees_en=2023)
    assert relu.comptes["abandonnee"] == 3  # lu dans l'historique, le 31/12 aurait changé

    assert selectors.chiffres_du_plan(FIN_2023) == chiffres
    assert _statuts(FIN_2023) == statuts
    # La liste du 31/12 (lien du tableau de bord) montre les mêmes nombres.
    client.force_login(UtilisateurFactory(referent=True))
    reponse = client.get(reverse("plan_actions:liste"), {"au": "2023-12-31", "statut": "en_cours"})
    assert reponse.status_code == 200 and reponse.context["total"] == 2


def test_une_annee_close_n_est_pas_recalculee_sauf_a_la_refaire():
    _plan_2023()
    premiere = services.annee_cloturer(annee=2023)
    Action.history.filter(history_date__year=2023).update(statut=Statut.ABANDONNEE)

    assert services.annee_cloturer(annee=2023).pk == premiere.pk
    assert selectors.chiffres_du_plan(FIN_2023).comptes["en_cours"] == 2

    refaite = services.annee_cloturer(annee=2023, refaire=True)
    assert ClotureAnnee.objects.get().pk == refaite.pk
    assert selectors.chiffres_du_plan(FIN_2023).comptes["abandonnee"] == 3


def test_une_annee_non_terminee_ne_se_clot_pas():
    with pytest.raises(ValidationError, match="n'est pas terminée"):
        services.annee_cloturer(annee=2024, aujourdhui=datetime.date(2024, 12, 31))
    assert not ClotureAnnee.objects.exists()


def test_la_tache_clot_chaque_annee_passee_une_fois():
    _plan_2023()
    annee = datetime.date.today().year
    assert cloturer_annees_passees.apply().get() == list(range(2023, annee))
    assert cloturer_annees_passees.apply().get() == []
    assert sorted(ClotureAnnee.objects.values_list("annee", flat=True)) == list(range(2023, annee))


def test_la_cloture_est_planifiee(settings):
    entree = settings.CELERY_BEAT_SCHEDULE["plan_actions-cloture-des-annees"]
    assert entree["task"] == "plan_actions.tasks.cloturer_annees_passees"


def test_commande_cloturer_annees():
    _plan_2023()
    sortie = io.StringIO()
    call_command("cloturer_annees", "--annee", "2023", stdout=sortie)
    assert "Année 2023 close" in sortie.getvalue()
    with pytest.raises(CommandError, match="demande --annee"):
        call_command("cloturer_annees", "--refaire", stdout=io.StringIO())
    with pytest.raises(CommandError, match="n'est pas terminée"):
        call_command("cloturer_annees", "--annee", str(datetime.date.today().year), stdout=io.StringIO())


@pytest.mark.parametrize("nombre", [3, 60])
def test_chiffres_d_une_annee_close_en_une_requete(nombre, django_assert_num_queries):
    service = ServiceFactory()
    ActionFactory.create_batch(nombre, date_creation=datetime.date(2023, 2, 1), service_pilote=service)
    services.annee_cloturer(annee=2023)
    with django_assert_num_queries(1):
        chiffres = selectors.chiffres_du_plan(FIN_2023)
    assert chiffres.comptes["en_cours"] == nombre
    assert chiffres.par_service[0]["nombre"] == nombre
