"""Cas de la matrice pour les URL de l'organisation et des comptes."""

from tests_outils.matrice import CONNECTES, Cas, lecture, reserve_referent

from .factories import EffectifFactory, HallAccueilFactory, PrefectureFactory


def preparer(monde) -> None:
    monde.effectif = EffectifFactory(service=monde.service, agents=5)
    monde.prefecture = PrefectureFactory()
    monde.hall = HallAccueilFactory(site=monde.site)


def reserve_administrateur(ok: int = 200) -> dict[str, int]:
    return {"anonyme": 302, **{role: 403 for role in CONNECTES}, "administrateur": ok}


def _donnees_identite(monde) -> dict:
    return {
        "nom": "Préfecture du Jura",
        "bloc_marque": "Préfète\ndu Jura",
        "contact_courriel": "",
        "contact_telephone": "",
        "contact_adresse": "",
        "site_internet": "",
    }


def _donnees_hall(monde) -> dict:
    return {"nom": "Hall de la matrice", "adresse": "", "demarches": "", "horaires": "", "ordre": 1}


def _service(monde) -> dict:
    return {"pk": monde.service.pk}


def _donnees_service(monde) -> dict:
    return {
        "nom": "Bureau créé par la matrice",
        "niveau": "service",
        "parent": monde.entite.pk,
        "site": monde.site.pk,
        "ordre": 3,
        "actif": "on",
    }


def _donnees_site(monde) -> dict:
    return {"nom": "Sous-préfecture de la matrice", "type": "sous_prefecture", "adresse": "", "ordre": 2}


def _donnees_compte(monde) -> dict:
    return {
        "username": "nouveau-compte",
        "first_name": "Ange",
        "last_name": "Nouveau",
        "email": "nouveau@prefecture.invalid",
        "fonction": "",
        "role": "copil",
        "mode": "courriel",
    }


def _compte(monde) -> dict:
    return {"pk": monde.utilisateurs["copil"].pk}


def _donnees_modification(monde) -> dict:
    copil = monde.utilisateurs["copil"]
    return {
        "first_name": copil.first_name,
        "last_name": "Renommé",
        "email": copil.email,
        "fonction": "",
        "role": "copil",
        "is_active": "on",
    }


CAS = [
    # Organisation
    Cas("organisation:organisation", lecture()),
    Cas("organisation:organisation", lecture(), requete="date=2022-12-31", nom="GET organisation à une date"),
    Cas("organisation:importer", reserve_referent()),
    Cas("organisation:importer", reserve_referent(), requete="date=2022-12-31", nom="GET import à une date"),
    Cas(
        "organisation:importer",
        reserve_referent(ok=200),
        methode="post",
        requete="date=2022-12-31",
        nom="POST import sans fichier",
    ),
    Cas("organisation:exporter", reserve_referent(), requete="date=2022-12-31&format=csv", html=False),
    Cas("organisation:exporter", reserve_referent(), requete="format=ods", html=False, nom="GET export ods"),
    Cas("organisation:service_creer", reserve_referent()),
    Cas("organisation:service_creer", reserve_referent(ok=302), methode="post", donnees=_donnees_service),
    Cas("organisation:service_modifier", reserve_referent(), kwargs=_service),
    Cas(
        "organisation:service_modifier",
        reserve_referent(ok=302),
        kwargs=_service,
        methode="post",
        donnees=lambda m: {**_donnees_service(m), "nom": "Pôle renommé"},
    ),
    Cas("organisation:effectif_saisir", reserve_referent(), kwargs=_service),
    Cas(
        "organisation:effectif_saisir",
        reserve_referent(ok=302),
        kwargs=_service,
        methode="post",
        donnees=lambda m: {"date": "2023-12-31", "agents": 6},
    ),
    Cas("organisation:site_creer", reserve_referent()),
    Cas("organisation:site_creer", reserve_referent(ok=302), methode="post", donnees=_donnees_site),
    Cas("organisation:site_modifier", reserve_referent(), kwargs=lambda m: {"pk": m.site.pk}),
    Cas(
        "organisation:site_modifier",
        reserve_referent(ok=302),
        kwargs=lambda m: {"pk": m.site.pk},
        methode="post",
        donnees=lambda m: {"nom": m.site.nom, "type": "prefecture", "adresse": "Lons-le-Saunier", "ordre": 0},
    ),
    # Identité de la préfecture et halls d'accueil
    Cas("organisation:identite", reserve_administrateur()),
    Cas("organisation:identite", reserve_administrateur(ok=302), methode="post", donnees=_donnees_identite),
    Cas("organisation:hall_creer", reserve_referent(), kwargs=lambda m: {"pk": m.site.pk}),
    Cas(
        "organisation:hall_creer",
        reserve_referent(ok=302),
        kwargs=lambda m: {"pk": m.site.pk},
        methode="post",
        donnees=_donnees_hall,
    ),
    Cas("organisation:hall_modifier", reserve_referent(), kwargs=lambda m: {"pk": m.hall.pk}),
    Cas(
        "organisation:hall_modifier",
        reserve_referent(ok=302),
        kwargs=lambda m: {"pk": m.hall.pk},
        methode="post",
        donnees=_donnees_hall,
    ),
    # Utilisateurs
    Cas("organisation:utilisateur_list", reserve_referent()),
    Cas(
        "organisation:utilisateur_list",
        reserve_referent(),
        requete="role=correspondant&page=1",
        nom="GET utilisateurs filtrés",
    ),
    Cas("organisation:utilisateur_creer", reserve_referent()),
    Cas("organisation:utilisateur_creer", reserve_referent(ok=302), methode="post", donnees=_donnees_compte),
    Cas("organisation:utilisateur_modifier", reserve_referent(), kwargs=_compte),
    Cas(
        "organisation:utilisateur_modifier",
        reserve_referent(ok=302),
        kwargs=_compte,
        methode="post",
        donnees=_donnees_modification,
    ),
    Cas("organisation:utilisateur_desactiver", reserve_referent(ok=302), kwargs=_compte, methode="post"),
    Cas("organisation:utilisateur_reactiver", reserve_referent(ok=302), kwargs=_compte, methode="post"),
]
