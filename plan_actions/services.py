"""Écritures du plan d'actions. Les audits et les indicateurs créent leurs actions ici."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, ManyToManyField, Max
from django.utils import timezone

from engagements.models import Engagement, Module
from organisation.models import Service, Utilisateur
from qualite import versions

from . import selectors
from .historique import libelle_champ, valeur_affichee
from .models import Action, ClotureAnnee, Commentaire, EtatAnnuel, Origine, Priorite, Statut
from .relances import BilanRelances
from .relances import relances_envoyer as programmer_relances

CHAMPS_M2M = ("modules", "engagements", "responsables")
# Lignes par requête des écritures en masse (sous la limite de variables de SQLite).
TAILLE_LOT = 500
# Essais d'attribution d'une référence quand une création simultanée a pris la même.
ESSAIS_REFERENCE = 20


def prochaine_reference(*, annee: int) -> str:
    """« 2023-012 » : l'année puis un numéro d'ordre sur trois chiffres."""
    prefixe = f"{annee}-"
    derniere = Action.objects.filter(reference__startswith=prefixe, reference__regex=rf"^{annee}-\d+$").aggregate(
        Max("reference")
    )["reference__max"]
    numero = int(derniere.split("-")[1]) + 1 if derniere else 1
    return f"{prefixe}{numero:03d}"


@dataclass
class NouvelleAction:
    """Une action validée, pas encore enregistrée, avec ses relations et le premier commentaire du journal."""

    action: Action
    modules: list[Module] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    responsables: list[Utilisateur] = field(default_factory=list)
    commentaire: str = ""


def action_preparer(
    *,
    reference: str,
    intitule: str,
    modules: Iterable[Module] = (),
    engagements: Iterable[Engagement] = (),
    responsables: Iterable[Utilisateur] = (),
    commentaire: str = "",
    controles_en_base: bool = True,
    **champs: Any,
) -> NouvelleAction:
    """Construit et valide une action sans l'enregistrer (ValidationError si un champ est invalide).

    `controles_en_base=False` saute ce que Django vérifie par une requête (unicité du N°, contraintes,
    existence du service) : un import qui a déjà lu ses N° et ses services n'en paie pas une par ligne.
    """
    action = Action(reference=reference, intitule=intitule, **champs)
    # Sans contrôles en base, la clé étrangère n'est pas relue : l'appelant l'a prise dans la base.
    exclus = [*CHAMPS_M2M] if controles_en_base else [*CHAMPS_M2M, "service_pilote"]
    action.full_clean(exclude=exclus, validate_unique=controles_en_base, validate_constraints=controles_en_base)
    return NouvelleAction(action, list(modules), list(engagements), list(responsables), commentaire)


@transaction.atomic
def actions_creer_en_masse(*, nouvelles: list[NouvelleAction], auteur: Utilisateur | None) -> list[Action]:
    """Enregistre des actions validées par lots : actions, relations, historique et commentaires.

    Chaque action reçoit une seule entrée d'historique « Création », relations comprises (comme si
    elle avait été saisie d'un coup). Le nombre de requêtes dépend du nombre de lots, pas de lignes.
    """
    if not nouvelles:
        return []
    actions = [nouvelle.action for nouvelle in nouvelles]
    Action.objects.bulk_create(actions, batch_size=TAILLE_LOT)
    historiques = Action.history.bulk_history_create(actions, batch_size=TAILLE_LOT, default_user=auteur)
    if any(action.pk is None for action in actions) or any(h.pk is None for h in historiques):
        raise RuntimeError("La base ne renvoie pas les identifiants des lignes insérées par lot.")
    modele_historique = Action.history.model
    for champ in CHAMPS_M2M:
        relation = getattr(Action, champ).through
        champ_m2m = cast(ManyToManyField, Action._meta.get_field(champ))
        cote_action, cote_cible = champ_m2m.m2m_field_name(), champ_m2m.m2m_reverse_field_name()
        liens = []
        historique_liens = []
        for nouvelle, historique in zip(nouvelles, historiques, strict=True):
            for cible in dict.fromkeys(getattr(nouvelle, champ)):
                liens.append(relation(**{f"{cote_action}_id": nouvelle.action.pk, f"{cote_cible}_id": cible.pk}))
                historique_liens.append(historique.pk)
        relation.objects.bulk_create(liens, batch_size=TAILLE_LOT)
        modele_liens = getattr(modele_historique, champ).model
        modele_liens.objects.bulk_create(
            [
                modele_liens(
                    history_id=historique_pk,
                    id=lien.pk,
                    **{f"{cote_action}_id": getattr(lien, f"{cote_action}_id")},
                    **{f"{cote_cible}_id": getattr(lien, f"{cote_cible}_id")},
                )
                for lien, historique_pk in zip(liens, historique_liens, strict=True)
            ],
            batch_size=TAILLE_LOT,
        )
    Commentaire.objects.bulk_create(
        [
            Commentaire(action=nouvelle.action, auteur=auteur, texte=nouvelle.commentaire)
            for nouvelle in nouvelles
            if nouvelle.commentaire
        ],
        batch_size=TAILLE_LOT,
    )
    # Les écritures par lots n'envoient aucun signal : les tableaux gardés en cache sont prévenus ici.
    versions.changer_pour(Action._meta.app_label)
    return actions


def action_creer(
    *,
    intitule: str,
    origine: str = Origine.INTERNE,
    origine_libelle: str = "",
    origine_lien: str = "",
    description: str = "",
    service_pilote: Service | None = None,
    modules: Iterable[Module] = (),
    engagements: Iterable[Engagement] = (),
    responsables: Iterable[Utilisateur] = (),
    echeance: date | None = None,
    priorite: str = Priorite.NORMALE,
    statut: str = Statut.A_LANCER,
    reference: str | None = None,
    auteur: Utilisateur | None = None,
    est_demo: bool = False,
) -> Action:
    """Crée une action du plan ; la référence est attribuée si elle n'est pas donnée.

    Deux créations simultanées peuvent calculer la même référence : l'unicité en base tranche, et la
    perdante recommence avec la suivante (dans un point de sauvegarde, sans défaire la transaction de l'appelant).
    """

    def preparer(candidate: str) -> NouvelleAction:
        return action_preparer(
            reference=candidate,
            intitule=intitule,
            origine=origine,
            origine_libelle=origine_libelle,
            origine_lien=origine_lien,
            description=description,
            service_pilote=service_pilote,
            modules=modules,
            engagements=engagements,
            responsables=responsables,
            echeance=echeance,
            priorite=priorite,
            statut=statut,
            est_demo=est_demo,
        )

    if reference:
        return actions_creer_en_masse(nouvelles=[preparer(reference)], auteur=auteur)[0]
    annee = timezone.localdate().year
    for essai in range(ESSAIS_REFERENCE):
        candidate = prochaine_reference(annee=annee)
        try:
            with transaction.atomic():
                nouvelle = preparer(candidate)
                return actions_creer_en_masse(nouvelles=[nouvelle], auteur=auteur)[0]
        except (IntegrityError, ValidationError) as erreur:
            prise = isinstance(erreur, IntegrityError) or "reference" in getattr(erreur, "error_dict", {})
            if not prise or essai == ESSAIS_REFERENCE - 1 or not Action.objects.filter(reference=candidate).exists():
                raise
    raise AssertionError("inaccessible")  # pragma: no cover


@transaction.atomic
def action_commenter(*, action: Action, auteur: Utilisateur | None, texte: str) -> Commentaire:
    """Ajoute une entrée datée au journal de l'action."""
    return Commentaire.objects.create(action=action, auteur=auteur, texte=texte)


# Mise à jour sous verrou optimiste.

CHAMPS_MODIFIABLES = (
    "intitule",
    "description",
    "origine",
    "origine_libelle",
    "origine_lien",
    "service_pilote",
    "responsable_nom",
    "echeance",
    "priorite",
    "statut",
    "avancement",
    "date_realisation",
    "efficacite",
    "efficacite_date",
    "efficacite_commentaire",
    "efficacite_indicateur",
    "reference",
)


@dataclass(frozen=True)
class Divergence:
    """Un champ modifié par quelqu'un d'autre depuis la lecture du formulaire."""

    champ: str
    libelle: str
    valeur_actuelle: str
    valeur_proposee: str
    auteur: str


class ConflitEdition(Exception):
    """L'action a été modifiée depuis que l'utilisateur l'a ouverte : son enregistrement est refusé."""

    def __init__(self, *, action: Action, divergences: list[Divergence]):
        self.action = action
        self.divergences = divergences
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if not self.divergences:
            return (
                "Cette action a été modifiée par quelqu'un d'autre pendant que vous la modifiiez : "
                "vérifiez les valeurs actuelles puis enregistrez de nouveau."
            )
        details = " ; ".join(
            f"{d.libelle} : « {d.valeur_actuelle} » (modifié par {d.auteur}) au lieu de votre « {d.valeur_proposee} »"
            for d in self.divergences
        )
        return (
            "Cette action a été modifiée par quelqu'un d'autre pendant que vous la modifiiez ; "
            f"votre enregistrement est refusé pour ne rien écraser. Modifié entre-temps : {details}."
        )


def _divergences(*, action: Action, version_lue: int, modifications: dict) -> list[Divergence]:
    """Compare l'état lu (historique à `version_lue`) à l'état actuel, champ par champ."""
    lue = action.history.filter(version=version_lue).order_by("-history_id").first()
    actuelle = action.history.order_by("-history_id").select_related("history_user").first()
    if lue is None or actuelle is None:
        return []
    delta = actuelle.diff_against(lue, excluded_fields=["version", "modifiee_le"])
    auteurs = {
        enregistrement.history_user_id: str(enregistrement.history_user or "l'application")
        for enregistrement in action.history.filter(version__gt=version_lue).select_related("history_user")
    }
    auteur = ", ".join(sorted(set(auteurs.values()))) or "un autre utilisateur"
    resultat = []
    for changement in delta.changes:
        champ = changement.field
        propose = modifications.get(champ, changement.old if champ not in CHAMPS_M2M else None)
        resultat.append(
            Divergence(
                champ=champ,
                libelle=libelle_champ(champ),
                valeur_actuelle=valeur_affichee(champ, changement.new),
                valeur_proposee=valeur_affichee(champ, propose),
                auteur=auteur,
            )
        )
    return resultat


def _meme_valeur(action: Action, champ: str, valeur: Any) -> bool:
    if champ in CHAMPS_M2M:
        actuels = {objet.pk for objet in getattr(action, champ).all()}
        return actuels == {getattr(objet, "pk", objet) for objet in valeur}
    return getattr(action, champ) == valeur


@transaction.atomic
def action_mettre_a_jour(
    *,
    action: Action,
    version_lue: int,
    modifications: dict,
    auteur: Utilisateur | None,
    commentaire: str = "",
) -> Action:
    """Enregistre les modifications si personne n'a modifié l'action depuis `version_lue`.

    Le verrou est un UPDATE conditionnel sur la version ; l'enregistrement suit, sous ce verrou,
    par `save()` pour que l'historique (auteur, avant → après) soit écrit. Sinon : ConflitEdition.
    """
    inconnus = set(modifications) - set(CHAMPS_MODIFIABLES) - set(CHAMPS_M2M)
    if inconnus:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")
    verrouille = Action.objects.filter(pk=action.pk, version=version_lue).update(version=F("version") + 1)
    if not verrouille:
        actuelle = Action.objects.get(pk=action.pk)
        raise ConflitEdition(
            action=actuelle,
            divergences=_divergences(action=actuelle, version_lue=version_lue, modifications=modifications),
        )
    action = Action.objects.get(pk=action.pk)
    for champ, valeur in modifications.items():
        if champ not in CHAMPS_M2M:
            setattr(action, champ, valeur)
    if modifications.get("statut") == Statut.REALISEE and not action.date_realisation:
        action.date_realisation = timezone.localdate()
    if action.statut == Statut.REALISEE and "avancement" not in modifications:
        action.avancement = 100
    action.full_clean(exclude=list(CHAMPS_M2M))
    # Les relations d'abord, sans historique intermédiaire : save() écrit ensuite une seule entrée complète.
    action.skip_history_when_saving = True  # type: ignore[attr-defined]  # lu par simple_history
    try:
        for champ in CHAMPS_M2M:
            if champ in modifications and not _meme_valeur(action, champ, modifications[champ]):
                getattr(action, champ).set(modifications[champ])
    finally:
        del action.skip_history_when_saving  # type: ignore[attr-defined]
    action._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
    action.save()
    if commentaire.strip():
        action_commenter(action=action, auteur=auteur, texte=commentaire.strip())
    return action


def action_modifications(*, action: Action, valeurs: dict) -> dict:
    """Ne garde que les valeurs qui changent réellement."""
    return {champ: valeur for champ, valeur in valeurs.items() if not _meme_valeur(action, champ, valeur)}


def relances_envoyer(*, aujourdhui: date) -> BilanRelances:
    """Relances quotidiennes (7 jours, veille, retard) et synthèse hebdomadaire : voir relances.py."""
    return programmer_relances(aujourdhui=aujourdhui)


@transaction.atomic
def annee_cloturer(*, annee: int, aujourdhui: date | None = None, refaire: bool = False) -> ClotureAnnee:
    """Clôt l'année `annee` (terminée) : l'état de chaque action au soir du 31/12, lu dans l'historique, est figé
    (`EtatAnnuel`), puis les chiffres du tableau de bord sont calculés depuis cet état et gardés. Le tableau de bord,
    les listes `au=` et le bilan de l'année les lisent ensuite : une année passée ne coûte pas plus que l'année en
    cours, et une modification ultérieure de l'historique ne la change plus. Déjà close : inchangée, sauf `refaire`
    (l'état est relu dans l'historique)."""
    aujourdhui = aujourdhui or timezone.localdate()
    jour = date(annee, 12, 31)
    if jour >= aujourdhui:
        raise ValidationError(f"L'année {annee} n'est pas terminée : elle se clôt à partir du 1er janvier {annee + 1}.")
    existante = ClotureAnnee.objects.select_for_update().filter(annee=annee).first()
    if existante is not None:
        if not refaire:
            return existante
        existante.delete()
    cloture = ClotureAnnee.objects.create(annee=annee)
    etats = (
        selectors.etats_d_apres_l_historique(jour)
        .order_by()
        .values_list("pk", "statut_a", "avancement_a", "echeance_a", "realisee_le")
    )
    EtatAnnuel.objects.bulk_create(
        (
            EtatAnnuel(
                cloture=cloture,
                action_id=pk,
                statut=statut,
                avancement=avancement or 0,
                echeance=echeance,
                date_realisation=realisee_le,
            )
            for pk, statut, avancement, echeance, realisee_le in etats.iterator(chunk_size=TAILLE_LOT)
        ),
        batch_size=TAILLE_LOT,
    )
    cloture.chiffres = selectors.calculer_chiffres(jour, cloture=cloture.pk, realisees_en=annee).en_json()
    cloture.save(update_fields=["chiffres"])
    # Les états sont écrits par lots, sans signal : les tableaux gardés en cache sont prévenus ici.
    versions.changer_pour(Action._meta.app_label)
    return cloture


def annees_cloturer(*, aujourdhui: date | None = None) -> list[int]:
    """Clôt chaque année terminée qui ne l'est pas encore, de la première action créée à l'an dernier ; renvoie les
    années closes (idempotent : la tâche quotidienne ne fait rien une fois l'an dernier clos)."""
    aujourdhui = aujourdhui or timezone.localdate()
    premiere = Action.objects.order_by("date_creation").values_list("date_creation", flat=True).first()
    if premiere is None:
        return []
    closes = set(ClotureAnnee.objects.values_list("annee", flat=True))
    nouvelles = [annee for annee in range(premiere.year, aujourdhui.year) if annee not in closes]
    for annee in nouvelles:
        annee_cloturer(annee=annee, aujourdhui=aujourdhui)
    return nouvelles
