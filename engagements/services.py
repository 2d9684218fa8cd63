"""Écritures des référentiels, périmètres, cycles, autodiagnostics et preuves."""

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from organisation.models import Site, Utilisateur

from .fichiers import verifier_fichier_preuve
from .migration import verifier_modifiable
from .models import (
    Autodiagnostic,
    CycleLabel,
    EcheanceCycle,
    Engagement,
    Module,
    Perimetre,
    Preuve,
    Referentiel,
    Rubrique,
    TypeEcheance,
)

ModeleHistorise = TypeVar("ModeleHistorise", bound=models.Model)

MOIS_AVANT_SUIVI = 18
MINIMUM_METIERS: dict[str, int] = {
    Site.Type.PREFECTURE: 2,
    Site.Type.HAUT_COMMISSARIAT: 2,
    Site.Type.SOUS_PREFECTURE: 1,
}


def _liste(numeros: Iterable[int]) -> str:
    numeros = sorted(numeros)
    if len(numeros) == 1:
        return f"le module {numeros[0]}"
    return "les modules " + ", ".join(str(n) for n in numeros[:-1]) + f" et {numeros[-1]}"


def erreurs_perimetre(*, cycle: CycleLabel, modules: Iterable[Module]) -> list[str]:
    """Les règles du référentiel, expliquées en français ; liste vide si le périmètre est valable."""
    modules = list(modules)
    referentiel = cycle.referentiel
    erreurs = []
    etrangers = [m for m in modules if m.referentiel_id != referentiel.pk]
    if etrangers:
        erreurs.append(f"Le module {etrangers[0].numero} n'appartient pas au référentiel {referentiel}.")
        return erreurs
    if not modules:
        return ["Choisissez au moins un module."]
    choisis = {m.pk for m in modules}
    tous = list(referentiel.modules.all())
    if referentiel.regle_perimetre == Referentiel.Regle.QUAL_E_PREF:
        for module in tous:
            if module.type == Module.Type.OBLIGATOIRE and module.pk not in choisis:
                erreurs.append(f"Le module {module.numero} (obligatoire) doit faire partie du périmètre.")
        if not any(m.type == Module.Type.OPTIONNEL for m in modules):
            obligatoires = [m.numero for m in tous if m.type == Module.Type.OBLIGATOIRE]
            complement = f" en plus du module {obligatoires[0]}" if len(obligatoires) == 1 else ""
            erreurs.append(f"Le périmètre doit comprendre au moins un module optionnel{complement}.")
    elif referentiel.regle_perimetre == Referentiel.Regle.QUALI_ATE:
        manquants = [m.numero for m in tous if m.type == Module.Type.SOCLE and m.pk not in choisis]
        if manquants:
            erreurs.append(
                f"Les deux modules socles doivent faire partie du périmètre : il manque {_liste(manquants)}."
            )
        minimum = MINIMUM_METIERS.get(cycle.site.type, 1)
        metiers = sum(1 for m in modules if m.type == Module.Type.METIER)
        if metiers < minimum:
            article = "Un" if cycle.site.type == Site.Type.HAUT_COMMISSARIAT else "Une"
            erreurs.append(
                f"{article} {cycle.site.get_type_display().lower()} doit présenter au moins {minimum} module"
                f"{'s' if minimum > 1 else ''} métier{'s' if minimum > 1 else ''} ({metiers} choisi"
                f"{'s' if metiers > 1 else ''})."
            )
    return erreurs


@transaction.atomic
def perimetre_enregistrer(
    *,
    cycle: CycleLabel,
    modules: Iterable[Module],
    date: date | None = None,
    auteur: Utilisateur | None = None,
) -> Perimetre:
    """Arrête un nouveau périmètre du cycle ; les périmètres précédents restent intacts (historique).

    Lève ValidationError, avec un message français par règle enfreinte, si le périmètre est refusé."""
    modules = list(modules)
    erreurs = erreurs_perimetre(cycle=cycle, modules=modules)
    if erreurs:
        raise ValidationError(erreurs)
    perimetre = Perimetre(cycle=cycle, date=date)
    if auteur is not None:
        perimetre._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    perimetre.save()
    perimetre.modules.set(modules)
    return perimetre


@transaction.atomic
def cycle_enregistrer(
    *, cycle: CycleLabel, auteur: Utilisateur | None = None, labellisation_prevue: date | None = None
) -> CycleLabel:
    """Enregistre le cycle et prévoit, s'ils manquent, l'audit de labellisation (`labellisation_prevue`, avant que
    le label existe), l'audit de suivi (obtention + 18 mois) et l'audit de renouvellement (fin de validité). Les
    dates restent modifiables ensuite."""
    if auteur is not None:
        cycle._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    cycle.full_clean()
    cycle.save()
    prevus = set(cycle.echeances.values_list("type", flat=True))
    if labellisation_prevue and TypeEcheance.LABELLISATION not in prevus:
        EcheanceCycle.objects.create(
            cycle=cycle,
            type=TypeEcheance.LABELLISATION,
            date_prevue=labellisation_prevue,
            commentaire="prévue avant l'obtention du label",
        )
    if cycle.date_obtention and TypeEcheance.SUIVI not in prevus:
        EcheanceCycle.objects.create(
            cycle=cycle,
            type=TypeEcheance.SUIVI,
            date_prevue=cycle.date_obtention + relativedelta(months=MOIS_AVANT_SUIVI),
            commentaire="calculée : 18 mois après l'obtention du label",
        )
    if cycle.date_fin_validite and TypeEcheance.RENOUVELLEMENT not in prevus:
        EcheanceCycle.objects.create(
            cycle=cycle,
            type=TypeEcheance.RENOUVELLEMENT,
            date_prevue=cycle.date_fin_validite,
            commentaire="calculée : fin de validité du label",
        )
    return cycle


@transaction.atomic
def echeance_realiser(*, echeance: EcheanceCycle, le: date, auteur: Utilisateur | None = None) -> EcheanceCycle:
    """Note que l'audit prévu a eu lieu le `le` (il ne compte plus parmi les audits à venir)."""
    if auteur is not None:
        echeance._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    echeance.date_realisation = le
    echeance.save(update_fields=["date_realisation"])
    return echeance


@transaction.atomic
def echeance_prevoir(*, cycle: CycleLabel, type: str, date_prevue: date) -> EcheanceCycle:
    """L'audit prévu de ce type dans le cycle, créé à `date_prevue` s'il n'existait pas."""
    echeance, _ = EcheanceCycle.objects.get_or_create(
        cycle=cycle, type=type, defaults={"date_prevue": date_prevue, "commentaire": "audit enregistré"}
    )
    return echeance


@transaction.atomic
def cycle_renouveler(
    *,
    cycle: CycleLabel,
    date_obtention: date,
    date_fin_validite: date,
    modules: Iterable[Module],
    organisme: str = "",
    auteur: Utilisateur | None = None,
) -> CycleLabel:
    """Le cycle suivant après un renouvellement : même site et même référentiel, nouvelle validité, périmètre
    copié (ou modifié) et vérifié, audits de suivi et de renouvellement prévus. L'ancien cycle reste intact."""
    nouveau = CycleLabel(
        site=cycle.site,
        referentiel=cycle.referentiel,
        date_obtention=date_obtention,
        date_fin_validite=date_fin_validite,
        organisme=organisme or cycle.organisme,
        commentaire=f"Renouvellement du label obtenu le {cycle.date_obtention:%d/%m/%Y}."
        if cycle.date_obtention
        else "",
    )
    cycle_enregistrer(cycle=nouveau, auteur=auteur)
    perimetre_enregistrer(cycle=nouveau, modules=modules, date=date_obtention, auteur=auteur)
    return nouveau


@transaction.atomic
def enregistrer(*, objet: ModeleHistorise, auteur: Utilisateur | None = None) -> ModeleHistorise:
    """Enregistre un référentiel, un module, un engagement ou une échéance validés par leur formulaire."""
    if auteur is not None:
        objet._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    objet.save()
    return objet


@transaction.atomic
def referentiel_nouvelle_version(
    *, referentiel: Referentiel, version: str, auteur: Utilisateur | None = None
) -> Referentiel:
    """Copie le référentiel (modules, rubriques, engagements) sous une nouvelle version.

    L'ancienne version n'est pas modifiée : les périmètres et les audits qui la citent restent intacts."""
    if Referentiel.objects.filter(code=referentiel.code, version=version).exists():
        raise ValidationError(f"La version « {version} » de ce référentiel existe déjà.")
    copie = Referentiel(
        code=referentiel.code,
        titre=referentiel.titre,
        version=version,
        source=referentiel.source,
        regle_perimetre=referentiel.regle_perimetre,
    )
    enregistrer(objet=copie, auteur=auteur)
    # Copies, par identifiant de l'original (un identifiant absent, None, ne donne rien).
    modules: dict[int | None, Module] = {}
    rubriques: dict[int | None, Rubrique] = {}
    for module in referentiel.modules.prefetch_related("rubriques"):
        modules[module.pk] = Module.objects.create(
            referentiel=copie, numero=module.numero, titre=module.titre, type=module.type
        )
        for rubrique in module.rubriques.all():
            rubriques[rubrique.pk] = modules[module.pk].rubriques.create(titre=rubrique.titre, ordre=rubrique.ordre)
    for engagement in referentiel.engagements.prefetch_related("services_concernes"):
        nouveau = Engagement.objects.create(
            referentiel=copie,
            module=modules.get(engagement.module_id),
            rubrique=rubriques.get(engagement.rubrique_id),
            numero=engagement.numero,
            libelle=engagement.libelle,
        )
        nouveau.services_concernes.set(engagement.services_concernes.all())
    return copie


@transaction.atomic
def autodiagnostic_ajouter(
    *,
    engagement: Engagement,
    niveau: str,
    auteur: Utilisateur | None,
    date: date | None = None,
    commentaire: str = "",
    est_demo: bool = False,
) -> Autodiagnostic:
    """Ajoute une évaluation ; les précédentes sont conservées. Refusé sur un référentiel remplacé."""
    verifier_modifiable(engagement.referentiel)
    autodiagnostic = Autodiagnostic(
        engagement=engagement,
        niveau=niveau,
        auteur=auteur,
        date=date or timezone.localdate(),
        commentaire=commentaire,
        est_demo=est_demo,
    )
    autodiagnostic.full_clean()
    autodiagnostic.save()
    return autodiagnostic


@transaction.atomic
def preuve_ajouter(
    *,
    engagement: Engagement,
    titre: str,
    auteur: Utilisateur | None,
    fichier: UploadedFile | None = None,
    lien: str = "",
    date: date | None = None,
    a_revoir_le: date | None = None,
    est_demo: bool = False,
) -> Preuve:
    """Ajoute une preuve : un fichier contrôlé (type, contenu, taille) ou un lien, pas les deux. Refusé sur un
    référentiel remplacé."""
    verifier_modifiable(engagement.referentiel)
    if bool(fichier) == bool(lien):
        raise ValidationError("Joignez un fichier ou indiquez un lien (l'un ou l'autre).")
    if fichier:
        verifier_fichier_preuve(fichier)
    preuve = Preuve(
        engagement=engagement,
        titre=titre,
        lien=lien,
        date=date or timezone.localdate(),
        a_revoir_le=a_revoir_le,
        auteur=auteur,
        est_demo=est_demo,
    )
    if fichier:
        preuve.fichier = fichier
    preuve.full_clean()
    preuve.save()
    return preuve
