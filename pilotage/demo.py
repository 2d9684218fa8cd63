"""Démonstration du pilotage : séances sourcées, séances planifiées et publication T3 2023 (idempotent).

Sourcées (historique_label.csv) : le COPIL de lancement du 04/02/2019 « présidé par la secrétaire
générale » et le comité local d'amélioration continue du 20/11/2023. Les séances à venir et la
publication trimestrielle sont inventées pour la démonstration (est_demo=True, « (démo) »).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from indicateurs.models import Indicateur, Mesure
from organisation.models import Role, Utilisateur
from organisation.selectors import site_principal

from . import services
from .models import Instance, Presence, PublicationTrimestrielle, StatutInstance, TypeInstance

SEANCES_SOURCEES = [
    {
        "type": TypeInstance.COPIL,
        "date": datetime.date(2019, 2, 4),
        "titre": "COPIL de lancement de la démarche Qual-e-Pref",
        "ordre_du_jour": "Lancement de la démarche Qual-e-Pref, en COPIL présidé par la secrétaire générale.",
    },
    {
        "type": TypeInstance.CLU,
        "date": datetime.date(2023, 11, 20),
        "titre": "Comité local d'amélioration continue",
        # L'ordre du jour du diaporama présenté ce jour-là (seed 000).
        "ordre_du_jour": (
            "Préambule\n"
            "1) Une démarche qualité labellisée\n"
            "2) Une démarche qualité qui vit au quotidien\n"
            "3) Focus sur les programmes « transparence » et « service public + »"
        ),
    },
]


@transaction.atomic
def charger(*, stdout) -> None:
    for seance in SEANCES_SOURCEES:
        Instance.objects.update_or_create(
            type=seance["type"],
            date=seance["date"],
            defaults={
                "titre": seance["titre"],
                "ordre_du_jour": seance["ordre_du_jour"],
                "statut": StatutInstance.TENUE,
            },
        )
    _membres_demo()
    aujourdhui = timezone.localdate()
    debut = datetime.date(aujourdhui.year, aujourdhui.month, 1)
    copil, clu = [], []
    # Une fois planifiées, les séances à venir ne sont pas replanifiées (démonstration idempotente).
    if not Instance.objects.a_venir(aujourdhui).filter(type=TypeInstance.COPIL).exists():
        copil = services.instances_planifier(
            type=TypeInstance.COPIL,
            premiere_date=services.ajouter_mois(debut, 2),
            nombre=2,
            intervalle_mois=6,
            est_demo=True,
        )
    if not Instance.objects.a_venir(aujourdhui).filter(type=TypeInstance.CLU).exists():
        clu = services.instances_planifier(
            type=TypeInstance.CLU,
            premiere_date=services.ajouter_mois(debut, 4),
            nombre=1,
            intervalle_mois=12,
            est_demo=True,
        )
    for instance in copil + clu:
        instance.titre = f"{instance.get_type_display()} du {instance.date:%d/%m/%Y} (démo)"
        instance.save(update_fields=["titre"])
    publiee = _publication_demo()
    stdout.write(
        f"Pilotage : {Instance.objects.count()} séances ({len(copil) + len(clu)} nouvelles planifiées), "
        f"publication T3 2023 {'validée' if publiee else 'non créée (pas de mesures)'}."
    )


def _membres_demo() -> None:
    """Les comptes de démonstration convoqués au COPIL de lancement (présence inventée, démo)."""
    instance = Instance.objects.get(type=TypeInstance.COPIL, date=datetime.date(2019, 2, 4))
    presences = {Role.REFERENT: Presence.PRESENT, Role.COPIL: Presence.PRESENT, Role.CORRESPONDANT: Presence.EXCUSE}
    for utilisateur in Utilisateur.objects.filter(
        role__in=list(presences), username__in=["referent", "copil", "correspondant"]
    ):
        if not instance.participations.filter(utilisateur=utilisateur).exists():
            services.participation_enregistrer(
                instance=instance, utilisateur=utilisateur, presence=presences[utilisateur.role]
            )


def _publication_demo() -> bool:
    site = site_principal()
    codes = list(
        Mesure.objects.filter(annee=2023, mois__in=[7, 8, 9]).values_list("indicateur__code", flat=True).distinct()
    )
    if site is None or not codes:
        return False
    publication, cree = PublicationTrimestrielle.objects.get_or_create(
        site=site, annee=2023, trimestre=3, defaults={"est_demo": True}
    )
    if cree:
        services.publication_choisir_indicateurs(
            publication=publication, indicateurs=Indicateur.objects.filter(code__in=codes)
        )
        services.publication_valider(
            publication=publication, par=Utilisateur.objects.filter(role=Role.REFERENT).first()
        )
    return True
