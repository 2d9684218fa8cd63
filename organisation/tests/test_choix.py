"""Listes de choix de services : groupées par direction, fonctions distinguées, choix vide « — Choisir — »."""

import pytest

from organisation.choix import choix_groupes, est_une_fonction
from organisation.models import Service

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arbre():
    return arbre_de_services()


def arbre_de_services() -> dict:
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
