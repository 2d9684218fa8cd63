"""Démonstration de l'organisation : les sites, l'arbre des services et ses 181 agents au 31/12/2022,
les comptes de démonstration (un par rôle).

Le tableau organisation/donnees/organisation_2022.csv (33 services, Préfecture 113 + SGCD 68) est importé
avec le même service que l'import par fichier ; relancer la démonstration ne duplique rien.
"""

import datetime
import json
import re
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from qualite.imports import executer_import
from qualite.mots_de_passe import MOT_DE_PASSE_DEMO  # publié dans le README

from .echanges import importer_organisation
from .models import Prefecture, Role, Service, Site, Utilisateur
from .services.organigramme import identite_enregistrer

FICHIER = Path(__file__).resolve().parent / "donnees" / "organisation_2022.csv"
IDENTITE = Path(__file__).resolve().parent / "donnees" / "prefecture.json"
DATE_EFFECTIFS = datetime.date(2022, 12, 31)

SITES = Path(__file__).resolve().parent / "donnees" / "sites.json"


def identite_demo() -> dict:
    """L'identité de la préfecture de démonstration (nom, bloc-marque, contact), lue dans son fichier de données."""
    return json.loads(IDENTITE.read_text(encoding="utf-8"))


def sites_demo() -> list[dict]:
    """Les sites de la démonstration (nom, type, adresse et halls d'accueil, ordre), lus dans leurs données."""
    return json.loads(SITES.read_text(encoding="utf-8"))


def noms_de_la_demo() -> set[str]:
    """Les noms propres de la préfecture de démonstration, lus dans ses fichiers de données (jamais écrits ici) :
    son nom et son territoire (« Préfecture de X » → « X »), ses sites et les villes de leurs adresses."""
    noms = set()
    nom = identite_demo()["nom"]
    noms.add(nom)
    noms.add(re.sub(r"^Préfecture (de la |de l'|du |des |de )", "", nom))
    for site in sites_demo():
        noms.add(site["nom"])
        noms.add(re.sub(r"^(Sous-)?[Pp]réfecture (de la |de l'|du |des |de )", "", site["nom"]))
        for ligne in site["adresse"].splitlines():
            noms.add(ligne.rsplit(",", 1)[-1].strip())
    return {n for n in noms if n}


def site_principal() -> Site:
    """Le site principal de la démonstration, créé s'il manque : les autres démonstrations s'y rattachent."""
    premier = sites_demo()[0]
    return _site(premier)


def _site(description: dict) -> Site:
    return Site.objects.get_or_create(
        nom=description["nom"],
        defaults={"type": description["type"], "adresse": description["adresse"], "ordre": description["ordre"]},
    )[0]


COMPTES_DEMO = [
    # identifiant, prénom, nom, rôle, service suivi (correspondant)
    ("referent", "Camille", "Référente", Role.REFERENT, None),
    ("correspondant", "Dominique", "Correspondant", Role.CORRESPONDANT, "Pôle accueil téléphonique"),
    ("copil", "Claude", "Membre-Copil", Role.COPIL, None),
    ("auditeur", "Alix", "Auditeur", Role.AUDITEUR, None),
    ("admin", "Sacha", "Administrateur", Role.ADMINISTRATEUR, None),
]


@transaction.atomic
def charger(*, stdout) -> None:
    sites = [_site(description) for description in sites_demo()]
    if not Prefecture.objects.exists():
        identite_enregistrer(**identite_demo())
    with open(FICHIER, "rb") as fichier:
        rapport = executer_import(
            importer_organisation,
            simulation=False,
            fichier=fichier,
            nom=FICHIER.name,
            utilisateur=None,
            date=DATE_EFFECTIFS,
            site=sites[0],
        )
    if rapport.erreurs:
        raise CommandError("Organisation de démonstration refusée : " + " ; ".join(rapport.erreurs))
    stdout.write(f"Organisation au {DATE_EFFECTIFS:%d/%m/%Y} : {rapport.resume}")
    _charger_comptes()
    stdout.write(
        f"Comptes de démonstration : {', '.join(c[0] for c in COMPTES_DEMO)} — mot de passe « {MOT_DE_PASSE_DEMO} »"
    )


def _charger_comptes() -> None:
    for identifiant, prenom, nom, role, nom_service in COMPTES_DEMO:
        utilisateur, cree = Utilisateur.objects.get_or_create(
            username=identifiant,
            defaults={
                "first_name": prenom,
                "last_name": f"{nom} (démo)",
                "role": role,
                "email": f"{identifiant}@demo.invalid",
            },
        )
        if cree:
            utilisateur.set_password(MOT_DE_PASSE_DEMO)
            utilisateur.save()
        if nom_service:
            service = Service.objects.filter(nom=nom_service).first()
            if service:
                utilisateur.services.add(service)
