"""Le passage d'un référentiel à un autre (Qual-e-Pref → Quali-ATE) : `migrer_referentiel`.

En une transaction : la migration est enregistrée, chaque reprise du registre (`engagements.reprises`) s'exécute
— périmètres, autodiagnostics et preuves ici, actions ouvertes (plan_actions) et constats ouverts (audits) dans
leurs applications — et chacune est notée (`Reprise`) pour le rapport au COPIL. En simulation, tout est annulé à
la fin : l'aperçu est la vraie exécution, sans rien écrire. L'ancien référentiel n'est pas modifié (les bilans
passés le relisent tel qu'il était) ; il passe en lecture seule.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from organisation.models import Utilisateur

from . import reprises
from .models import (
    Autodiagnostic,
    Correspondance,
    CycleLabel,
    Engagement,
    MigrationReferentiel,
    Module,
    Preuve,
    Referentiel,
    Reprise,
)
from .reprises import Changement, Plan


class MigrationAnnulee(Exception):
    """Annule la transaction d'un aperçu."""


@dataclass
class RapportMigration:
    depuis: Referentiel
    vers: Referentiel
    simulation: bool
    erreurs: list[str] = field(default_factory=list)
    changements: list[Changement] = field(default_factory=list)
    migration: MigrationReferentiel | None = None

    @property
    def valide(self) -> bool:
        return not self.erreurs

    def par_nature(self) -> list[dict]:
        """[{cle, libelle, elements}] dans l'ordre des reprises, natures vides comprises."""
        return [
            {
                "cle": cle,
                "libelle": libelle,
                "elements": [c for c in self.changements if c.nature == cle],
            }
            for cle, libelle in reprises.libelles().items()
        ]

    @property
    def resume(self) -> str:
        morceaux = [f"{groupe['libelle']} : {len(groupe['elements'])}" for groupe in self.par_nature()]
        verbe = "Seraient repris" if self.simulation else "Repris"
        return f"{verbe} — {' ; '.join(morceaux)}."


def lire_code_version(texte: str) -> Referentiel:
    """« qual-e-pref:2019 » → le référentiel ; « quali-ate » ou « quali-ate: » : celui sans version."""
    code, _, version = texte.partition(":")
    referentiel = Referentiel.objects.filter(code=code.strip(), version=version.strip()).first()
    if referentiel is None:
        connus = ", ".join(f"{r.code}:{r.version}" for r in Referentiel.objects.order_by("code", "version"))
        raise ValidationError(f"Référentiel « {texte} » introuvable (référentiels connus : {connus}).")
    return referentiel


def est_remplace(referentiel: Referentiel) -> bool:
    """Un référentiel dont on a migré est en lecture seule."""
    return MigrationReferentiel.objects.filter(depuis=referentiel).exists()


def verifier_modifiable(referentiel: Referentiel) -> None:
    if est_remplace(referentiel):
        raise ValidationError(
            f"Le référentiel {referentiel} a été remplacé : il reste consultable avec son historique, en lecture seule."
        )


def _plan(*, migration: MigrationReferentiel, auteur: Utilisateur | None) -> Plan:
    successeurs: dict[int, list[Engagement]] = {}
    modules: dict[int, dict[int, Module]] = {}
    for correspondance in (
        Correspondance.objects.filter(depuis=migration.depuis, vers=migration.vers)
        .select_related("ancien__module", "nouveau__module")
        .order_by("nouveau__module__numero", "nouveau__numero")
    ):
        liste = successeurs.setdefault(correspondance.ancien_id, [])
        if correspondance.nouveau is not None:
            liste.append(correspondance.nouveau)
            if correspondance.ancien.module_id and correspondance.nouveau.module is not None:
                nouveau_module = correspondance.nouveau.module
                modules.setdefault(correspondance.ancien.module_id, {})[nouveau_module.pk] = nouveau_module
    return Plan(
        migration=migration,
        depuis=migration.depuis,
        vers=migration.vers,
        date=migration.date,
        auteur=auteur,
        successeurs=successeurs,
        modules_successeurs={
            pk: sorted(par_pk.values(), key=lambda module: module.numero) for pk, par_pk in modules.items()
        },
    )


def _erreurs_prealables(depuis: Referentiel, vers: Referentiel) -> list[str]:
    if depuis.pk == vers.pk:
        return ["Choisissez deux référentiels différents."]
    erreurs = []
    if MigrationReferentiel.objects.filter(depuis=depuis, vers=vers).exists():
        erreurs.append(f"La migration de {depuis} vers {vers} a déjà été faite.")
    if not Correspondance.objects.filter(depuis=depuis, vers=vers).exists():
        erreurs.append(
            f"Aucune correspondance de {depuis} vers {vers} : saisissez-les ou importez-les avant de migrer."
        )
    return erreurs


def migrer_referentiel(
    *,
    depuis: Referentiel,
    vers: Referentiel,
    auteur: Utilisateur | None,
    simulation: bool,
    le: date | None = None,
) -> RapportMigration:
    """Reprend sur `vers` ce qui vit sur `depuis` (voir le module) ; en simulation, n'écrit rien."""
    rapport = RapportMigration(depuis=depuis, vers=vers, simulation=simulation)
    rapport.erreurs = _erreurs_prealables(depuis, vers)
    if rapport.erreurs:
        return rapport
    try:
        with transaction.atomic():
            migration = MigrationReferentiel.objects.create(
                depuis=depuis, vers=vers, date=le or timezone.localdate(), auteur=auteur
            )
            plan = _plan(migration=migration, auteur=auteur)
            for repreneur in reprises.repreneurs():
                repreneur.fonction(plan)
            Reprise.objects.bulk_create(
                Reprise(
                    migration=migration,
                    nature=c.nature,
                    objet_id=c.objet_id,
                    libelle=c.libelle,
                    avant=c.avant,
                    apres=c.apres,
                )
                for c in plan.changements
            )
            rapport.changements = plan.changements
            rapport.migration = migration
            if simulation:
                raise MigrationAnnulee
    except MigrationAnnulee:
        rapport.migration = None
    except ValidationError as erreur:
        rapport.erreurs = list(erreur.messages)
        rapport.changements = []
        rapport.migration = None
    return rapport


# Les reprises propres à engagements (enregistrées dans apps.py).


def reprendre_perimetres(plan: Plan) -> None:
    """Chaque site dont le cycle en cours est sur l'ancien référentiel reçoit un cycle en préparation sur le nouveau,
    avec le périmètre qui suit : modules des successeurs de son périmètre, et les modules socles."""
    from . import selectors, services

    sites = {cycle.site for cycle in CycleLabel.objects.filter(referentiel=plan.depuis).select_related("site")}
    socles = list(plan.vers.modules.filter(type=Module.Type.SOCLE))
    for site in sorted(sites, key=lambda s: (s.ordre, s.nom)):
        cycle = selectors.cycle_en_cours(site=site)
        if cycle is None or cycle.referentiel_id != plan.depuis.pk:
            continue
        anciens = selectors.modules_du_perimetre(cycle=cycle)
        modules = {module.pk: module for module in socles}
        for ancien in anciens:
            modules.update({module.pk: module for module in plan.modules_successeurs.get(ancien.pk, [])})
        nouveau = CycleLabel(
            site=site,
            referentiel=plan.vers,
            organisme=cycle.organisme,
            commentaire=f"Passage de {plan.depuis} à {plan.vers} le {plan.date:%d/%m/%Y} : label à obtenir.",
        )
        choisis = sorted(modules.values(), key=lambda module: module.numero)
        erreurs = services.erreurs_perimetre(cycle=nouveau, modules=choisis)
        if erreurs:
            raise ValidationError(
                [
                    f"{site} : le périmètre repris (modules {', '.join(str(m.numero) for m in choisis) or 'aucun'}) "
                    f"est refusé. {erreur}"
                    for erreur in erreurs
                ]
                + ["Complétez les correspondances pour que les successeurs couvrent les modules attendus."]
            )
        services.cycle_enregistrer(cycle=nouveau, auteur=plan.auteur)
        services.perimetre_enregistrer(cycle=nouveau, modules=choisis, date=plan.date, auteur=plan.auteur)
        plan.noter(
            nature="perimetres",
            objet_id=nouveau.pk,
            libelle=str(site),
            avant=", ".join(f"module {m.numero}" for m in anciens) + f" ({plan.depuis})" if anciens else "aucun",
            apres=", ".join(f"module {m.numero}" for m in choisis) + f" ({plan.vers}, cycle en préparation)",
        )


def _derniers_autodiagnostics(anciens: list[int]) -> dict[int, Autodiagnostic]:
    derniers: dict[int, Autodiagnostic] = {}
    for autodiagnostic in Autodiagnostic.objects.filter(engagement_id__in=anciens).order_by(
        "engagement_id", "-date", "-pk"
    ):
        derniers.setdefault(autodiagnostic.engagement_id, autodiagnostic)
    return derniers


def reprendre_autodiagnostics(plan: Plan) -> None:
    """Le dernier autodiagnostic de chaque ancien engagement devient le point de départ de ses successeurs : une
    évaluation datée du jour de la migration, marquée « repris ». Un successeur de plusieurs anciens engagements
    reprend la plus récente de leurs évaluations ; un successeur déjà évalué garde la sienne."""
    derniers = _derniers_autodiagnostics(list(plan.successeurs))
    nouveaux: dict[int, tuple[Engagement, Autodiagnostic, Engagement]] = {}
    anciens = {e.pk: e for e in Engagement.objects.filter(pk__in=list(derniers)).select_related("module")}
    for ancien_pk, successeurs in plan.successeurs.items():
        source = derniers.get(ancien_pk)
        if source is None:
            continue
        for successeur in successeurs:
            connu = nouveaux.get(successeur.pk)
            if connu is None or (source.date, source.pk) > (connu[1].date, connu[1].pk):
                nouveaux[successeur.pk] = (successeur, source, anciens[ancien_pk])
    deja_evalues = set(
        Autodiagnostic.objects.filter(engagement_id__in=list(nouveaux)).values_list("engagement_id", flat=True)
    )
    a_creer = []
    for successeur, source, ancien in sorted(nouveaux.values(), key=lambda t: (t[0].module_id or 0, t[0].numero)):
        if successeur.pk in deja_evalues:
            continue
        commentaire = (
            f"Repris de l'engagement {ancien.code} de {plan.depuis} (évaluation du {source.date:%d/%m/%Y})"
            + (f" : {source.commentaire}" if source.commentaire else ".")
        )
        a_creer.append(
            Autodiagnostic(
                engagement=successeur,
                niveau=source.niveau,
                date=plan.date,
                auteur=plan.auteur,
                commentaire=commentaire,
                repris_de=source,
                est_demo=source.est_demo,
            )
        )
        plan.noter(
            nature="autodiagnostics",
            objet_id=source.pk,
            libelle=f"{source.get_niveau_display()} au {source.date:%d/%m/%Y}",
            avant=f"{ancien.code} ({plan.depuis})",
            apres=f"{successeur.code} ({plan.vers}), repris le {plan.date:%d/%m/%Y}",
        )
    Autodiagnostic.objects.bulk_create(a_creer)


def reprendre_preuves(plan: Plan) -> None:
    """Chaque preuve valide (sans date de révision dépassée) d'un ancien engagement est reprise sur chacun de ses
    successeurs : même fichier ou même lien, même date ; l'ancienne reste sur l'ancien engagement."""
    valides = Preuve.objects.filter(
        Q(a_revoir_le__isnull=True) | Q(a_revoir_le__gte=plan.date), engagement_id__in=list(plan.successeurs)
    ).select_related("engagement__module")
    deja = set(Preuve.objects.filter(reprise_de__in=valides).values_list("reprise_de_id", "engagement_id"))
    a_creer = []
    for preuve in valides.order_by("engagement__module__numero", "engagement__numero", "-date", "pk"):
        for successeur in plan.successeurs.get(preuve.engagement_id, []):
            if (preuve.pk, successeur.pk) in deja:
                continue
            a_creer.append(
                Preuve(
                    engagement=successeur,
                    reprise_de=preuve,
                    titre=preuve.titre,
                    fichier=preuve.fichier.name if preuve.fichier else "",
                    lien=preuve.lien,
                    date=preuve.date,
                    a_revoir_le=preuve.a_revoir_le,
                    auteur=preuve.auteur,
                    est_demo=preuve.est_demo,
                )
            )
            plan.noter(
                nature="preuves",
                objet_id=preuve.pk,
                libelle=preuve.titre,
                avant=f"{preuve.engagement.code} ({plan.depuis})",
                apres=f"{successeur.code} ({plan.vers})",
            )
    Preuve.objects.bulk_create(a_creer)
