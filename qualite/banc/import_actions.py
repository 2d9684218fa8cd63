"""Mesure de l'import du plan d'actions : un xlsx de N actions généré puis importé (temps, requêtes)."""

import io
import time
from datetime import date, timedelta

from django.db import connection

from plan_actions.echanges import ENTETES, importer_actions
from plan_actions.models import Statut
from qualite.imports import executer_import
from qualite.models import Role, Service, Utilisateur

from .tableau import Ligne


def classeur_actions(nombre: int) -> bytes:
    """Un classeur aux colonnes de l'export, `nombre` actions nouvelles (N° IMP-…)."""
    from openpyxl import Workbook

    services = list(Service.objects.feuilles().values_list("nom", flat=True))
    responsables = list(Utilisateur.objects.filter(role=Role.CORRESPONDANT).values_list("username", flat=True))
    statuts = [libelle for valeur, libelle in Statut.choices if valeur != Statut.REALISEE]
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Plan d'actions")
    feuille.append(ENTETES)
    for i in range(nombre):
        feuille.append(
            [
                f"IMP-{i + 1:05d}",
                f"Action importée n° {i + 1} (banc)",
                "",
                "Initiative interne",
                "1",
                f"1.{i % 17 + 1}",
                services[i % len(services)],
                responsables[i % len(responsables)] if responsables else "",
                date(2026, 1, 1) + timedelta(days=i % 365),
                statuts[i % len(statuts)],
                (i % 4) * 25,
                None,
                "Reprise du tableau de suivi" if i % 10 == 0 else "",
            ]
        )
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


class Compteur:
    def __init__(self):
        self.requetes = 0

    def __call__(self, execute, sql, params, many, context):
        self.requetes += 1
        return execute(sql, params, many, context)


def mesurer_import(contexte) -> list[Ligne]:
    from .mesures import CIBLE_IMPORT_SECONDES

    nombre = contexte.lignes_import
    fichier = io.BytesIO(classeur_actions(nombre))
    compteur = Compteur()
    debut = time.perf_counter()
    with connection.execute_wrapper(compteur):
        rapport = executer_import(
            importer_actions, simulation=False, fichier=fichier, nom="banc.xlsx", utilisateur=None
        )
    duree = time.perf_counter() - debut
    if rapport.erreurs:
        raise RuntimeError(f"Import du banc refusé : {rapport.erreurs[:3]}")
    titre = f"Import xlsx de {nombre} actions"
    return [
        Ligne(
            f"{titre} : temps",
            f"{duree:.1f} s",
            f"≤ {CIBLE_IMPORT_SECONDES} s",
            tenue=duree <= CIBLE_IMPORT_SECONDES,
            note="" if duree <= CIBLE_IMPORT_SECONDES else "une action à la fois via action_creer",
        ),
        Ligne(f"{titre} : requêtes SQL", f"{compteur.requetes} ({compteur.requetes / nombre:.1f} par ligne)"),
    ]
