"""Jeu de données synthétique du banc : 10 ans, 60 indicateurs mensuels, 2 000 actions, 500 constats…

Tout est créé en masse (bulk_create, sans historique simple_history) et de façon déterministe
(random.Random(graine)). Les libellés inventés portent « (banc) » ; les modules et engagements sont ceux,
réels, de Qual-e-Pref embarqués par l'application engagements.
"""

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from audits.models import Audit, Constat, Etat, Nature, Portee, Suite, TypeAudit
from engagements.models import CycleLabel, Engagement, Module, Perimetre, Referentiel
from indicateurs.models import Indicateur, Mesure, Periodicite, Sens, TypeCalcul
from plan_actions.models import Action, Origine, Priorite, Statut
from qualite.models import Role, Service, Site, Utilisateur

DONNEES_ENGAGEMENTS = Path(__file__).resolve().parent.parent.parent / "engagements" / "donnees"
MOT_DE_PASSE = "qualite-banc-2026"
IDENTIFIANT_REFERENT = "banc-referent"
SUFFIXE = " (banc)"


@dataclass(frozen=True)
class Taille:
    """Les volumes du banc ; les tests utilisent une taille réduite."""

    services: int = 40
    utilisateurs: int = 200
    indicateurs: int = 60
    annees: int = 10
    actions: int = 2000
    audits: int = 10
    constats: int = 500


TAILLE_BANC = Taille()


def _lire(nom: str) -> list[dict]:
    with open(DONNEES_ENGAGEMENTS / nom, encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def _services(taille: Taille, site: Site) -> list[Service]:
    """Deux entités, des directions, puis des services (feuilles) : `taille.services` nœuds en tout."""
    entites = Service.objects.bulk_create(
        [
            Service(nom=f"Préfecture{SUFFIXE}", niveau=Service.Niveau.ENTITE, site=site, ordre=1),
            Service(nom=f"SGCD{SUFFIXE}", niveau=Service.Niveau.ENTITE, site=site, ordre=2),
        ]
    )
    nb_directions = max(1, taille.services // 5)
    directions = Service.objects.bulk_create(
        [
            Service(
                nom=f"Direction {i + 1}{SUFFIXE}",
                niveau=Service.Niveau.DIRECTION,
                parent=entites[i % 2],
                site=site,
                ordre=i,
            )
            for i in range(nb_directions)
        ]
    )
    nb_feuilles = max(1, taille.services - len(entites) - nb_directions)
    feuilles = Service.objects.bulk_create(
        [
            Service(
                nom=f"Bureau {i + 1}{SUFFIXE}",
                niveau=Service.Niveau.SERVICE,
                parent=directions[i % nb_directions],
                site=site,
                ordre=i,
            )
            for i in range(nb_feuilles)
        ]
    )
    return feuilles


def _utilisateurs(taille: Taille, hasard: random.Random, feuilles: list[Service]) -> list[Utilisateur]:
    """Un référent connu (banc-referent), puis des rôles variés ; les correspondants suivent 1 à 3 services."""
    mot_de_passe = make_password(MOT_DE_PASSE)
    repartition = [
        (Role.REFERENT, 0.03),
        (Role.CORRESPONDANT, 0.35),
        (Role.COPIL, 0.40),
        (Role.AUDITEUR, 0.12),
        (Role.ADMINISTRATEUR, 0.10),
    ]
    roles = [Role.REFERENT]
    for role, part in repartition:
        roles.extend([role] * round(part * taille.utilisateurs))
    roles = (roles + [Role.COPIL] * taille.utilisateurs)[: taille.utilisateurs]
    utilisateurs = [
        Utilisateur(
            username=IDENTIFIANT_REFERENT if i == 0 else f"banc-{role}-{i:03d}",
            first_name=f"Agent{i:03d}",
            last_name=f"Banc{SUFFIXE}",
            email=f"banc{i:03d}@example.org",
            role=role,
            password=mot_de_passe,
            is_staff=role == Role.ADMINISTRATEUR,
        )
        for i, role in enumerate(roles)
    ]
    utilisateurs = Utilisateur.objects.bulk_create(utilisateurs)
    Lien = Utilisateur.services.through
    liens = []
    for utilisateur in utilisateurs:
        if utilisateur.role == Role.CORRESPONDANT:
            for service in hasard.sample(feuilles, k=min(len(feuilles), hasard.randint(1, 3))):
                liens.append(Lien(utilisateur_id=utilisateur.pk, service_id=service.pk))
    Lien.objects.bulk_create(liens)
    return utilisateurs


def _referentiel(site: Site) -> tuple[Referentiel, list[Module], list[Engagement], Perimetre]:
    referentiel = Referentiel.objects.create(
        code="qual-e-pref",
        version="2019 (banc)",
        titre="Qual-e-Pref",
        date_debut=date(2018, 12, 19),
        regle_perimetre=Referentiel.Regle.QUAL_E_PREF,
    )
    modules = Module.objects.bulk_create(
        [
            Module(referentiel=referentiel, numero=int(ligne["numero"]), titre=ligne["titre"], type=ligne["statut"])
            for ligne in _lire("qual-e-pref_modules.csv")
        ]
    )
    par_numero = {module.numero: module for module in modules}
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                referentiel=referentiel,
                module=par_numero[int(ligne["module"])],
                numero=int(ligne["numero"]),
                libelle=ligne["engagement"],
            )
            for ligne in _lire("engagements_modules_1_et_7.csv")
        ]
    )
    cycle = CycleLabel.objects.create(site=site, referentiel=referentiel, date_obtention=date(2019, 11, 1))
    perimetre = Perimetre.objects.create(cycle=cycle, date=date(2019, 6, 1))
    perimetre.modules.set([par_numero[1], par_numero[7]])
    return referentiel, modules, engagements, perimetre


def _indicateurs(taille: Taille, hasard: random.Random, feuilles, engagements, premiere_annee: int):
    types = [TypeCalcul.RATIO, TypeCalcul.DELAI_MOYEN, TypeCalcul.NOMBRE]
    indicateurs = Indicateur.objects.bulk_create(
        [
            Indicateur(
                code=f"banc-{i + 1:02d}",
                libelle=f"Indicateur mensuel {i + 1}{SUFFIXE}",
                type_calcul=types[i % 3],
                unite={TypeCalcul.RATIO: "%", TypeCalcul.DELAI_MOYEN: "jours"}.get(types[i % 3], ""),
                sens=Sens.MIN if types[i % 3] == TypeCalcul.RATIO else Sens.MAX,
                cible=Decimal("85") if types[i % 3] == TypeCalcul.RATIO else Decimal("10"),
                periodicite=Periodicite.MENSUELLE,
                service_recueil=feuilles[i % len(feuilles)],
                date_debut=date(premiere_annee, 1, 1),
                ordre=i,
                est_demo=True,
            )
            for i in range(taille.indicateurs)
        ]
    )
    Lien = Indicateur.engagements.through
    Lien.objects.bulk_create(
        [Lien(indicateur_id=ind.pk, engagement_id=hasard.choice(engagements).pk) for ind in indicateurs]
    )
    mesures = []
    for indicateur in indicateurs:
        for annee in range(premiere_annee, premiere_annee + taille.annees):
            for mois in range(1, 13):
                denominateur = hasard.randint(50, 500)
                if indicateur.type_calcul == TypeCalcul.RATIO:
                    numerateur = round(denominateur * hasard.uniform(0.6, 1.0))
                elif indicateur.type_calcul == TypeCalcul.DELAI_MOYEN:
                    numerateur = round(denominateur * hasard.uniform(2, 15))
                else:
                    numerateur, denominateur = None, None
                mesures.append(
                    Mesure(
                        indicateur=indicateur,
                        annee=annee,
                        mois=mois,
                        numerateur=numerateur,
                        denominateur=denominateur,
                        valeur=None if numerateur is not None else hasard.randint(0, 200),
                        est_demo=True,
                    )
                )
    Mesure.objects.bulk_create(mesures, batch_size=2000)
    return indicateurs


def _actions(taille, hasard, feuilles, utilisateurs, modules, engagements, premiere_annee, derniere_annee):
    statuts = [Statut.A_LANCER, Statut.EN_COURS, Statut.REALISEE, Statut.ABANDONNEE, Statut.REPORTEE]
    poids = [2, 3, 4, 0.5, 0.5]
    actions = []
    for i in range(taille.actions):
        annee = premiere_annee + i * taille.annees // max(1, taille.actions)
        creation = date(annee, 1, 1) + timedelta(days=hasard.randint(0, 364))
        statut = hasard.choices(statuts, weights=poids)[0]
        actions.append(
            Action(
                reference=f"{annee}-B{i + 1:05d}",
                intitule=f"Action d'amélioration n° {i + 1}{SUFFIXE}",
                origine=hasard.choice(Origine.values),
                service_pilote=hasard.choice(feuilles),
                echeance=creation + timedelta(days=hasard.randint(30, 400)),
                priorite=hasard.choice(Priorite.values),
                statut=statut,
                avancement=100 if statut == Statut.REALISEE else hasard.choice([0, 25, 50, 75]),
                date_creation=creation,
                date_realisation=creation + timedelta(days=hasard.randint(10, 300))
                if statut == Statut.REALISEE
                else None,
                est_demo=True,
            )
        )
    actions = Action.objects.bulk_create(actions, batch_size=1000)
    responsables = [u for u in utilisateurs if u.role in (Role.CORRESPONDANT, Role.REFERENT)] or utilisateurs
    liens_modules, liens_engagements, liens_responsables = [], [], []
    for action in actions:
        engagement = hasard.choice(engagements)
        liens_modules.append(Action.modules.through(action_id=action.pk, module_id=engagement.module_id))
        liens_engagements.append(Action.engagements.through(action_id=action.pk, engagement_id=engagement.pk))
        for utilisateur in hasard.sample(responsables, k=hasard.randint(1, 2)):
            liens_responsables.append(Action.responsables.through(action_id=action.pk, utilisateur_id=utilisateur.pk))
    Action.modules.through.objects.bulk_create(liens_modules, batch_size=2000)
    Action.engagements.through.objects.bulk_create(liens_engagements, batch_size=2000)
    Action.responsables.through.objects.bulk_create(liens_responsables, batch_size=2000)
    return actions


def _audits(taille, hasard, site, referentiel, perimetre, modules, engagements, actions, premiere_annee):
    types = [TypeAudit.LABELLISATION, TypeAudit.SUIVI, TypeAudit.SUIVI, TypeAudit.RENOUVELLEMENT, TypeAudit.INTERNE]
    audits = Audit.objects.bulk_create(
        [
            Audit(
                type=types[i % len(types)],
                date_debut=date(premiere_annee + i * taille.annees // max(1, taille.audits), 10, 15),
                site=site,
                referentiel=referentiel,
                perimetre=perimetre,
                externe=types[i % len(types)] != TypeAudit.INTERNE,
                organisme=f"Organisme certificateur{SUFFIXE}",
                est_demo=True,
            )
            for i in range(taille.audits)
        ]
    )
    # Le dernier audit reçoit la plus grosse part (au moins 50 constats à la taille du banc).
    parts = [taille.constats // (taille.audits + 1)] * taille.audits
    parts[-1] += taille.constats - sum(parts)
    constats = []
    for audit, nombre in zip(audits, parts, strict=True):
        for numero in range(1, nombre + 1):
            nature = hasard.choice(Nature.values)
            pilotage = hasard.random() < 0.1
            engagement = None if pilotage else hasard.choice(engagements)
            constats.append(
                Constat(
                    audit=audit,
                    numero=numero,
                    portee=Portee.PILOTAGE if pilotage else Portee.MODULE,
                    module_id=None if pilotage else engagement.module_id,
                    engagement=engagement,
                    nature=nature,
                    texte=f"Constat n° {numero} de l'audit{SUFFIXE}",
                    suite=Suite.ACTION if nature != Nature.POINT_FORT and hasard.random() < 0.6 else "",
                    etat=hasard.choice(Etat.values),
                )
            )
    constats = Constat.objects.bulk_create(constats, batch_size=1000)
    Lien = Constat.actions.through
    Lien.objects.bulk_create(
        [Lien(constat_id=c.pk, action_id=hasard.choice(actions).pk) for c in constats if c.suite == Suite.ACTION],
        batch_size=2000,
    )
    return audits, constats


@transaction.atomic
def generer(*, graine: int = 2026, taille: Taille = TAILLE_BANC, aujourdhui: date | None = None) -> dict[str, int]:
    """Crée le jeu de données du banc dans la base courante ; renvoie les volumes créés."""
    hasard = random.Random(graine)
    aujourdhui = aujourdhui or date.today()
    derniere_annee = aujourdhui.year
    premiere_annee = derniere_annee - taille.annees + 1
    site = Site.objects.create(nom=f"Préfecture{SUFFIXE}", type=Site.Type.PREFECTURE)
    feuilles = _services(taille, site)
    utilisateurs = _utilisateurs(taille, hasard, feuilles)
    referentiel, modules, engagements, perimetre = _referentiel(site)
    indicateurs = _indicateurs(taille, hasard, feuilles, engagements, premiere_annee)
    actions = _actions(taille, hasard, feuilles, utilisateurs, modules, engagements, premiere_annee, derniere_annee)
    audits, constats = _audits(
        taille, hasard, site, referentiel, perimetre, modules, engagements, actions, premiere_annee
    )
    return {
        "services": Service.objects.count(),
        "utilisateurs": len(utilisateurs),
        "engagements": len(engagements),
        "indicateurs": len(indicateurs),
        "mesures": Mesure.objects.count(),
        "actions": len(actions),
        "audits": len(audits),
        "constats": len(constats),
    }


def audit_le_plus_fourni() -> Audit:
    """L'audit aux constats les plus nombreux (la page d'audit mesurée)."""
    from django.db.models import Count

    return Audit.objects.annotate(nb=Count("constats")).order_by("-nb", "pk").first()
