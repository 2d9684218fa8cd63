"""Les migrations du déplacement des modèles (qualite → organisation, indicateurs → enquetes) ne perdent rien.

Une base (alias `migrations`) ramenée au schéma du main précédent (76ffc38) reçoit la démonstration de cette
version (donnees/demo_76ffc38.json.gz, voir donnees/README.md), puis est migrée jusqu'aux dernières migrations.
"""

import gzip
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django_test_migrations.migrator import Migrator

from organisation.demo import MOT_DE_PASSE_DEMO
from organisation.models import Utilisateur
from plan_actions.models import Action

ALIAS = "migrations"
DONNEES = Path(__file__).resolve().parent / "donnees" / "demo_76ffc38.json.gz"

# Les dernières migrations de chaque application du projet au main précédent (76ffc38).
ANCIENNES_FEUILLES = [
    ("qualite", "0002_courriel_tache_envoyee_le"),
    ("engagements", "0002_initial"),
    ("plan_actions", "0002_initial"),
    ("audits", "0003_initial"),
    ("indicateurs", "0004_enquetes_ecoute"),
    ("pilotage", "0001_initial"),
    ("bilan", "0002_demande_tache_envoyee_le"),
]
NOUVELLES_APPLICATIONS = {"organisation", "enquetes"}

# Les modèles déplacés : nouvelle application → (ancienne application, modèles).
DEPLACES = {
    "organisation": (
        "qualite",
        [
            "site",
            "historicalsite",
            "service",
            "historicalservice",
            "effectif",
            "historicaleffectif",
            "utilisateur",
            "historicalutilisateur",
            "courriel",
        ],
    ),
    "enquetes": (
        "indicateurs",
        [
            "enquetesatisfaction",
            "resultatcritere",
            "mentionlitterale",
            "enquetemystere",
            "sollicitation",
            "historicalsollicitation",
        ],
    ),
}
# Ancien nom de table → nouveau : les tables des modèles déplacés et de leurs relations plusieurs-à-plusieurs.
RENOMMEES = {
    f"{ancienne}_{modele}": f"{nouvelle}_{modele}"
    for nouvelle, (ancienne, modeles) in DEPLACES.items()
    for modele in modeles
}
RENOMMEES |= {
    f"qualite_utilisateur_{lien}": f"organisation_utilisateur_{lien}"
    for lien in ("services", "groups", "user_permissions")
}


class VersLaBaseMigree:
    """Routeur : toute requête passe par la base migrée, celles des fonctions RunPython des migrations (qui ne
    précisent pas leur base) comme celles de l'application (pour s'y connecter comme un utilisateur)."""

    def db_for_read(self, model, **hints):
        return ALIAS

    def db_for_write(self, model, **hints):
        return ALIAS


@pytest.fixture
def donnees():
    with gzip.open(DONNEES, "rt", encoding="utf-8") as fichier:
        return json.load(fichier)["tables"]


@pytest.fixture
def migrateur(settings):
    """django-test-migrations sur la base `migrations`, migrations réactivées (pytest.ini : --no-migrations)."""
    settings.MIGRATION_MODULES = {}
    settings.DATABASE_ROUTERS = [f"{__name__}.VersLaBaseMigree"]
    MigrationRecorder(connections[ALIAS]).ensure_schema()  # base créée sans migrations : pas encore de journal
    migrateur = Migrator(ALIAS)
    yield migrateur
    migrateur.reset()  # dernières migrations, même après un échec : la base est ensuite vidée comme toute autre


def _feuilles() -> list[tuple[str, str]]:
    """Les dernières migrations de chaque application, telles qu'elles sont sur le disque."""
    return MigrationLoader(connections[ALIAS]).graph.leaf_nodes()


def _ancien_schema(migrateur):
    """Le schéma exact du main précédent : ses feuilles et celles des applications tierces, rien de plus."""
    migrateur.apply_initial_migration([("contenttypes", "0002_remove_content_type_name")])
    projet = {application for application, _ in ANCIENNES_FEUILLES} | NOUVELLES_APPLICATIONS
    tierces = [feuille for feuille in _feuilles() if feuille[0] not in projet]
    etat = migrateur.apply_tested_migration(ANCIENNES_FEUILLES + tierces)
    appliquees = MigrationRecorder(connections[ALIAS]).applied_migrations()
    assert not [cle for cle in appliquees if cle[0] in NOUVELLES_APPLICATIONS or "vers_application" in cle[1]]
    return etat


def _inserer(donnees, etat) -> None:
    """Les lignes de la démonstration en SQL brut (contraintes vérifiées à la validation), séquences recalées."""
    connexion = connections[ALIAS]
    nom = connexion.ops.quote_name
    with transaction.atomic(using=ALIAS), connexion.cursor() as curseur:
        for table, contenu in donnees.items():
            if not contenu["lignes"]:
                continue
            booleens = [i for i, type_ in enumerate(contenu["types"]) if type_ == "bool"]
            lignes = []
            for ligne in contenu["lignes"]:
                for i in booleens:
                    ligne[i] = None if ligne[i] is None else bool(ligne[i])
                lignes.append(ligne)
            colonnes = ", ".join(nom(colonne) for colonne in contenu["colonnes"])
            marques = ", ".join(["%s"] * len(contenu["colonnes"]))
            curseur.executemany(f"INSERT INTO {nom(table)} ({colonnes}) VALUES ({marques})", lignes)
        modeles = etat.apps.get_models(include_auto_created=True)
        for requete in connexion.ops.sequence_reset_sql(no_style(), modeles):
            curseur.execute(requete)


def _compter(table: str) -> int:
    with connections[ALIAS].cursor() as curseur:
        curseur.execute(f"SELECT COUNT(*) FROM {connections[ALIAS].ops.quote_name(table)}")
        return curseur.fetchone()[0]


def _lignes(donnees, table: str) -> list[dict]:
    contenu = donnees[table]
    return [dict(zip(contenu["colonnes"], ligne, strict=True)) for ligne in contenu["lignes"]]


@pytest.mark.django_db(transaction=True, databases=["default", ALIAS])
def test_la_demo_du_main_precedent_traverse_les_migrations_sans_perte(migrateur, donnees, client):
    _inserer(donnees, _ancien_schema(migrateur))
    assert all(_compter(table) == len(contenu["lignes"]) for table, contenu in donnees.items())

    migrateur.apply_tested_migration(_feuilles())

    # Chaque ligne est là, sous le nouveau nom de sa table ; les anciens noms ont disparu.
    tables = set(connections[ALIAS].introspection.table_names())
    assert not set(RENOMMEES) & tables
    comptes = {table: _compter(RENOMMEES.get(table, table)) for table in donnees}
    assert comptes == {table: len(contenu["lignes"]) for table, contenu in donnees.items()}
    assert sum(comptes.values()) > 1800

    # Les modèles actuels lisent ces tables : comptes, relations plusieurs-à-plusieurs, types de contenu.
    anciens_comptes = {ligne["username"]: ligne for ligne in _lignes(donnees, "qualite_utilisateur")}
    for utilisateur in Utilisateur.objects.using(ALIAS).all():
        assert utilisateur.password == anciens_comptes[utilisateur.username]["password"]
    services = {ligne["id"]: ligne["nom"] for ligne in _lignes(donnees, "qualite_service")}
    comptes_par_id = {ligne["id"]: nom_ for nom_, ligne in anciens_comptes.items()}
    attendus = {
        (comptes_par_id[ligne["utilisateur_id"]], services[ligne["service_id"]])
        for ligne in _lignes(donnees, "qualite_utilisateur_services")
    }
    obtenus = set(
        Utilisateur.services.through.objects.using(ALIAS).values_list("utilisateur__username", "service__nom")
    )
    assert obtenus == attendus and attendus
    references = {ligne["id"]: ligne["reference"] for ligne in _lignes(donnees, "plan_actions_action")}
    attendus = {
        (references[ligne["action_id"]], comptes_par_id[ligne["utilisateur_id"]])
        for ligne in _lignes(donnees, "plan_actions_action_responsables")
    }
    obtenus = set(
        Action.responsables.through.objects.using(ALIAS).values_list("action__reference", "utilisateur__username")
    )
    assert obtenus == attendus and len(attendus) == 3
    correspondant = Utilisateur.objects.using(ALIAS).get(username="correspondant")
    (groupe,) = correspondant.groups.all()
    assert groupe.name == "Relecteurs (démo figée)"
    assert [(p.content_type.app_label, p.codename) for p in groupe.permissions.all()] == [
        ("organisation", "view_utilisateur")
    ]
    referent = Utilisateur.objects.using(ALIAS).get(username="referent")
    assert [(p.content_type.app_label, p.codename) for p in referent.user_permissions.all()] == [
        ("organisation", "change_site")
    ]

    # Les types de contenu des modèles déplacés suivent leur application (mêmes identifiants) ; les autres restent.
    deplaces = {
        (ancienne, modele): nouvelle for nouvelle, (ancienne, modeles) in DEPLACES.items() for modele in modeles
    }
    attendus = {}
    for ligne in _lignes(donnees, "django_content_type"):
        cle = (ligne["app_label"], ligne["model"])
        attendus[ligne["id"]] = (deplaces.get(cle, ligne["app_label"]), ligne["model"])
    obtenus = {type_.id: (type_.app_label, type_.model) for type_ in ContentType.objects.using(ALIAS).all()}
    assert obtenus == attendus
    assert sum(1 for application, _ in obtenus.values() if application in NOUVELLES_APPLICATIONS) == 15

    # Un compte de la démonstration se connecte sur la base migrée (même hachage du mot de passe).
    reponse = client.post(reverse("login"), {"username": "referent", "password": MOT_DE_PASSE_DEMO})
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accueil")
    assert client.session["_auth_user_id"] == str(anciens_comptes["referent"]["id"])
    assert "Tableau de bord" in client.get(reverse("accueil")).content.decode()
