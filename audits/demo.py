"""Démonstration : les audits du cycle Qual-e-Pref de la préfecture de démonstration (idempotent).

Dates et conclusions d'après historique_label.csv et le bilan ; organisme laissé vide (la seed cite
des auditeurs externes SOCOTEC au niveau national, sans l'attribuer à un audit précis). L'audit de
renouvellement de janvier 2023 reçoit le tableau des observations de l'auditeur (17 constats).

Chaque audit répond à l'audit prévu de son type dans le cycle 2019 ; celui de janvier 2023 renouvelle le label
(« renouvelé son label à 3 reprises entre 2019 et 2023 ») : un nouveau cycle commence, au même périmètre, pour la
durée du cycle précédent (trois ans : décembre 2019 → janvier 2023) ; le jour exact n'étant pas connu, le label est
daté de la fin du mois de l'audit. Ses audits de suivi (18 mois) et de renouvellement sont prévus.
"""

from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db import transaction

from engagements.models import CycleLabel, Module, Perimetre, Referentiel
from organisation.demo import site_principal
from organisation.models import Site
from qualite.formatage import accord

from .models import Audit, Conclusion, TypeAudit
from .services import audit_rattacher_au_cycle, constats_importer, constats_relier_actions, label_renouveler

DONNEES = Path(__file__).resolve().parent / "donnees"
FICHIER_OBSERVATIONS = DONNEES / "observations_audit_2023.csv"

MODULES = [
    (1, "Relation générale avec les usagers", Module.Type.OBLIGATOIRE),
    (7, "Communication d'urgence en cas d'événement majeur", Module.Type.OPTIONNEL),
]

AUDITS = [
    # type, date de début, conclusion, commentaire
    (
        TypeAudit.LABELLISATION,
        date(2019, 11, 1),
        Conclusion.ACCORDE,
        "Label obtenu le 18/12/2019. Date : novembre 2019.",
    ),
    (TypeAudit.SUIVI, date(2021, 9, 1), Conclusion.MAINTENU, "Audit de confirmation : label confirmé."),
    (TypeAudit.RENOUVELLEMENT, date(2023, 1, 1), Conclusion.ACCORDE, "Observations rendues par l'auditeur externe."),
]
LABEL_RENOUVELE_LE = date(2023, 1, 31)
DUREE_DU_LABEL = relativedelta(years=3)


def _referentiel_et_perimetre(site: Site) -> tuple[Referentiel, Perimetre]:
    referentiel = Referentiel.objects.filter(code="qual-e-pref").order_by("-version").first()
    if referentiel is None:
        referentiel = Referentiel.objects.create(
            code="qual-e-pref",
            titre="Qual-e-Pref",
            regle_perimetre=Referentiel.Regle.QUAL_E_PREF,
        )
    modules = []
    for numero, titre, type_module in MODULES:
        module, _ = Module.objects.get_or_create(
            referentiel=referentiel, numero=numero, defaults={"titre": titre, "type": type_module}
        )
        modules.append(module)
    cycle = CycleLabel.objects.filter(site=site, referentiel=referentiel).order_by("date_obtention", "pk").first()
    if cycle is None:
        cycle = CycleLabel.objects.create(site=site, referentiel=referentiel, date_obtention=date(2019, 12, 18))
    perimetre = cycle.perimetres.first()
    if perimetre is None:
        perimetre = Perimetre.objects.create(cycle=cycle)
        perimetre.modules.set(modules)
    return referentiel, perimetre


@transaction.atomic
def charger(*, stdout) -> None:
    site = site_principal()
    referentiel, perimetre = _referentiel_et_perimetre(site)
    audits = {}
    for type_audit, debut, conclusion, commentaire in AUDITS:
        audit, _ = Audit.objects.get_or_create(
            site=site,
            referentiel=referentiel,
            type=type_audit,
            date_debut=debut,
            defaults={
                "perimetre": perimetre,
                "date_au_mois": True,
                "externe": True,
                "conclusion": conclusion,
                "commentaire": commentaire,
                "est_demo": False,
            },
        )
        audits[type_audit] = audit
    with open(FICHIER_OBSERVATIONS, "rb") as fichier:
        rapport = constats_importer(
            audit=audits[TypeAudit.RENOUVELLEMENT], fichier=fichier, nom=FICHIER_OBSERVATIONS.name
        )
    if rapport.erreurs:
        raise RuntimeError("Observations d'audit 2023 : " + " ; ".join(rapport.erreurs))
    liens = constats_relier_actions(audit=audits[TypeAudit.RENOUVELLEMENT])
    cycle = perimetre.cycle
    for audit in audits.values():
        if audit.echeance_id is None:
            audit_rattacher_au_cycle(audit=audit, cycle=cycle)
    renouvele = CycleLabel.objects.filter(site=site, referentiel=referentiel, date_obtention__gt=cycle.date_obtention)
    if not renouvele.exists():
        label_renouveler(
            cycle=cycle,
            audit=audits[TypeAudit.RENOUVELLEMENT],
            conclusion=Conclusion.ACCORDE,
            date_obtention=LABEL_RENOUVELE_LE,
            date_fin_validite=LABEL_RENOUVELE_LE + DUREE_DU_LABEL,
            modules=list(perimetre.modules.all()),
        )
    stdout.write(
        f"Audits : {len(audits)} audits du cycle Qual-e-Pref ; observations 2023 : {rapport.resume} ; "
        f"{accord(liens, 'action du plan reliée', 'actions du plan reliées')} à leur constat."
    )
