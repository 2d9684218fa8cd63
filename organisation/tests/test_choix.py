"""Listes de choix de services : groupées par direction, fonctions distinguées, choix vide « — Choisir — »."""

import pytest
from django.urls import reverse

from organisation.choix import choix_groupes, est_une_fonction
from organisation.models import Service
from plan_actions.forms import ActionForm
from tests_outils.formulaires import formulaire

from .factories import PrefectureFactory, ServiceFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arbre():
    prefecture = ServiceFactory(nom="Préfecture", entite=True)
    dci = ServiceFactory(nom="Direction de la citoyenneté et de l'immigration (DCI)", direction=True, parent=prefecture)
    drcl = ServiceFactory(
        nom="Direction des relations avec les collectivités locales (DRCL)", direction=True, parent=prefecture
    )
    return {
        "prefecture": prefecture,
        "dci": dci,
        "drcl": drcl,
        "directeur_dci": ServiceFactory(nom="Directeur", parent=dci),
        "bureau": ServiceFactory(nom="Bureau du contentieux", parent=dci),
        "directeur_drcl": ServiceFactory(nom="Directeur", parent=drcl),
        "cheffe": ServiceFactory(nom="Cheffe de service", parent=drcl),
        "legalite": ServiceFactory(nom="Bureau du contrôle de légalité et budgétaire", parent=drcl),
    }


def test_fonctions_reconnues(arbre):
    assert est_une_fonction(arbre["directeur_dci"]) and est_une_fonction(arbre["cheffe"])
    assert not est_une_fonction(arbre["bureau"]) and not est_une_fonction(arbre["dci"])


def test_choix_groupes_par_direction_services_puis_fonctions(arbre):
    services = Service.objects.select_related("parent__parent")
    assert choix_groupes(services) == [
        ("Entités", [(arbre["prefecture"].pk, "Préfecture (toute l'entité)")]),
        (
            "Préfecture › Direction de la citoyenneté et de l'immigration (DCI)",
            [
                (arbre["dci"].pk, "Direction de la citoyenneté et de l'immigration (DCI) (toute la direction)"),
                (arbre["bureau"].pk, "Bureau du contentieux"),
                (arbre["directeur_dci"].pk, "Directeur (fonction)"),
            ],
        ),
        (
            "Préfecture › Direction des relations avec les collectivités locales (DRCL)",
            [
                (
                    arbre["drcl"].pk,
                    "Direction des relations avec les collectivités locales (DRCL) (toute la direction)",
                ),
                (arbre["legalite"].pk, "Bureau du contrôle de légalité et budgétaire"),
                (arbre["cheffe"].pk, "Cheffe de service (fonction)"),
                (arbre["directeur_drcl"].pk, "Directeur (fonction)"),
            ],
        ),
    ]


def test_formulaire_d_action_groupe_et_choix_vide(arbre):
    form = ActionForm()
    choix = form.fields["service_pilote"].choices
    assert choix[0] == ("", "— Choisir —")
    html = str(form["service_pilote"])
    assert '<optgroup label="Préfecture › Direction des relations avec les collectivités locales (DRCL)">' in html
    assert "---------" not in html


def test_page_de_creation_d_action_soumise_avec_un_service_groupe(app, arbre):
    PrefectureFactory()
    referent = UtilisateurFactory(referent=True)
    page = app.get(reverse("plan_actions:creer"), user=referent)
    form = formulaire(page, "intitule")
    form["intitule"] = "Afficher les horaires"
    form["service_pilote"] = str(arbre["legalite"].pk)
    reponse = form.submit()
    assert reponse.status_code == 302
