"""La matrice des permissions du projet : chaque URL × chaque rôle, et la méta-vérification."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrice import ROLES, tous_les_cas


def _noms_d_url(motifs=None, espace="") -> set[str]:
    noms = set()
    for motif in motifs if motifs is not None else get_resolver().url_patterns:
        if isinstance(motif, URLResolver):
            sous_espace = f"{espace}{motif.namespace}:" if motif.namespace else espace
            noms |= _noms_d_url(motif.url_patterns, sous_espace)
        elif isinstance(motif, URLPattern) and motif.name:
            noms.add(f"{espace}{motif.name}")
    return noms


def test_chaque_url_est_dans_la_matrice():
    couvertes = {cas.url_name for cas in tous_les_cas()}
    manquantes = sorted(_noms_d_url() - couvertes)
    assert not manquantes, f"URL absentes de la matrice des permissions : {manquantes}"


def test_chaque_cas_donne_un_attendu_pour_chaque_role():
    for cas in tous_les_cas():
        assert set(cas.attendus) == set(ROLES), f"{cas.identifiant} : rôles manquants {set(ROLES) - set(cas.attendus)}"


CAS = tous_les_cas()


@pytest.mark.parametrize("cas", CAS, ids=[cas.identifiant for cas in CAS])
def test_matrice(client, monde, cas):
    """Chaque rôle sur la même URL ; la requête de chaque rôle est annulée avant la suivante."""
    url = reverse(cas.url_name, kwargs=cas.kwargs(monde) if cas.kwargs else None)
    if cas.requete:
        url = f"{url}?{cas.requete}"
    ecarts = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            if role != "anonyme":
                client.force_login(monde.utilisateurs[role])
            donnees = cas.donnees(monde) if cas.donnees else {}
            reponse = getattr(client, cas.methode)(url, donnees)
            attendu = cas.attendus[role]
            if reponse.status_code != attendu:
                ecarts.append(f"{role} : {reponse.status_code} au lieu de {attendu}")
            elif (
                role == "anonyme"
                and attendu == 302
                and cas.methode == "get"
                and not reponse["Location"].startswith(reverse("login"))
            ):
                ecarts.append(f"anonyme redirigé vers {reponse['Location']} au lieu de la connexion")
            transaction.set_rollback(True)
    assert not ecarts, f"{cas.identifiant} ({url}) : " + " ; ".join(ecarts)
