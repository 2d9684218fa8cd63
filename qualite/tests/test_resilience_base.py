"""Base injoignable au milieu d'une requête d'écriture : page DSFR 503 et rien d'écrit à moitié."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from plan_actions.models import Action, Commentaire
from qualite.tests.factories import ServiceFactory, UtilisateurFactory


class CoupureApres:
    """Laisse passer les requêtes SQL jusqu'à la première qui vise `table`, puis « perd » la base."""

    def __init__(self, table: str):
        self.table = table
        self.coupee = False

    def __call__(self, execute, sql, params, many, context):
        if self.coupee or (sql.startswith("INSERT") and f'"{self.table}"' in sql):
            self.coupee = True
            raise OperationalError("could not connect to server: Connection refused")
        return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", ["plan_actions_historicalaction", "plan_actions_commentaire"])
def test_base_perdue_pendant_la_creation_d_une_action(client, table):
    referent = UtilisateurFactory(referent=True)
    service = ServiceFactory()
    client.force_login(referent)
    donnees = {
        "intitule": "Action écrite pendant la panne",
        "origine": "retex",
        "priorite": "haute",
        "statut": "en_cours",
        "avancement": 40,
        "service_pilote": service.pk,
        "commentaire": "Créée en COPIL",
    }
    coupure = CoupureApres(table)
    with connection.execute_wrapper(coupure):
        reponse = client.post(reverse("plan_actions:creer"), donnees)
    assert coupure.coupee
    assert reponse.status_code == 503
    assert reponse["Retry-After"] == "60"
    contenu = reponse.content.decode()
    assert "Service momentanément indisponible" in contenu and "fr-header" in contenu
    assert "Rien n'a été enregistré" in contenu
    # La base revenue, rien de la requête interrompue n'y figure.
    assert not Action.objects.exists()
    assert not Action.history.exists()
    assert not Commentaire.objects.exists()
