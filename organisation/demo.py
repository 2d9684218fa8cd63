"""Démonstration de l'organisation : les sites, l'arbre des services et ses 181 agents au 31/12/2022,
les comptes de démonstration (un par rôle).

Le tableau organisation/donnees/organisation_2022.csv (33 services, Préfecture 113 + SGCD 68) est importé
avec le même service que l'import par fichier ; relancer la démonstration ne duplique rien.
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from qualite.imports import executer_import
from qualite.mots_de_passe import MOT_DE_PASSE_DEMO  # publié dans le README

from .models import Prefecture, Role, Service, Site, Utilisateur
from .services.organigramme import identite_enregistrer, importer_organisation

FICHIER = Path(__file__).resolve().parent / "donnees" / "organisation_2022.csv"
IDENTITE = Path(__file__).resolve().parent / "donnees" / "prefecture.json"
DATE_EFFECTIFS = datetime.date(2022, 12, 31)

SITES_DEMO = [
    # nom, type, adresse, ordre
    # Les deux halls d'accueil du bilan qualité (« L'accueil des usagers se fait sur deux sites distincts »).
    (
        "Préfecture de la Haute-Savoie",
        Site.Type.PREFECTURE,
        "Hall d'accueil principal : 14 rue du 30e régiment d'infanterie, Annecy\n"
        "Hall d'accueil « Immigration » : 12 bis rue du 30e régiment d'infanterie, Annecy",
        0,
    ),
    ("Sous-préfecture de Thonon-les-Bains", Site.Type.SOUS_PREFECTURE, "", 1),
]

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
    sites = [
        Site.objects.get_or_create(nom=nom, defaults={"type": type_site, "adresse": adresse, "ordre": ordre})[0]
        for nom, type_site, adresse, ordre in SITES_DEMO
    ]
    if not Prefecture.objects.exists():
        identite_enregistrer(**json.loads(IDENTITE.read_text(encoding="utf-8")))
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
