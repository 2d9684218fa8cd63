"""La démonstration chargée une fois par module, pour des tests qui ne font que la lire."""

import io

import pytest
from django.core.management import call_command

from tests_outils.transaction import transaction_du_module


def fixture_demo(*chargeurs):
    """Une fixture de module qui charge la démonstration (toute, ou ces `charger` d'applications) une fois.

    Les tests qui l'utilisent prennent aussi `db` (point de sauvegarde annulé à la fin de chacun)."""

    @pytest.fixture(scope="module")
    def demo_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
        with transaction_du_module(django_db_blocker, tmp_path_factory.mktemp("media-demo")):
            if chargeurs:
                for charger in chargeurs:
                    charger(stdout=io.StringIO())
            else:
                call_command("charger_demo", stdout=io.StringIO())
            yield

    return demo_du_module
