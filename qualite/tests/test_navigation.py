"""Menu principal : entrées selon le rôle, une seule entrée marquée comme page courante."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from organisation.tests.factories import UtilisateurFactory
from qualite.navigation import entrees_pour


def _menu(rf, utilisateur, chemin):
    requete = rf.get(chemin)
    requete.user = utilisateur
    return entrees_pour(requete)


def test_une_seule_entree_courante_sous_un_prefixe_partage(rf, db):
    referent = UtilisateurFactory(referent=True)
    menu = _menu(rf, referent, reverse("indicateurs:saisie_mensuelle"))
    courantes = [entree["libelle"] for entree in menu if entree["courante"]]
    assert courantes == ["Saisie mensuelle"]


def test_page_d_un_indicateur_rattachee_a_la_liste(rf, db):
    referent = UtilisateurFactory(referent=True)
    menu = _menu(rf, referent, "/indicateurs/appels_perdus/")
    assert [entree["libelle"] for entree in menu if entree["courante"]] == ["Indicateurs"]


def test_anonyme_sans_menu(rf):

    assert _menu(rf, AnonymousUser(), "/") == []
