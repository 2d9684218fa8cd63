"""Écritures du pilotage : séances, participations, décisions, envoi du compte rendu, publications, lien de
l'agenda."""

import calendar
import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organisation.models import Service, Site, Utilisateur
from organisation.services.courriels import courriel_programmer
from plan_actions.models import Action, Origine
from plan_actions.services import action_creer

from .models import Decision, Instance, JetonAgenda, Participation, Presence, PublicationTrimestrielle, StatutInstance

CATEGORIE_COMPTE_RENDU = "compte_rendu"


def ajouter_mois(jour: datetime.date, mois: int) -> datetime.date:
    """La même date `mois` mois plus tard (le 31 devient le dernier jour d'un mois plus court)."""
    index = jour.month - 1 + mois
    annee, mois_suivant = jour.year + index // 12, index % 12 + 1
    return jour.replace(year=annee, month=mois_suivant, day=min(jour.day, calendar.monthrange(annee, mois_suivant)[1]))


@transaction.atomic
def instances_planifier(
    *, type: str, premiere_date: datetime.date, nombre: int, intervalle_mois: int, est_demo: bool = False
) -> list[Instance]:
    """Crée les `nombre` prochaines séances au rythme donné ; une séance déjà prévue à la même date est gardée."""
    if nombre < 1 or intervalle_mois < 1:
        raise ValidationError("Le nombre de séances et le rythme doivent être positifs.")
    creees = []
    for rang in range(nombre):
        date = ajouter_mois(premiere_date, rang * intervalle_mois)
        instance, cree = Instance.objects.get_or_create(
            type=type, date=date, defaults={"statut": StatutInstance.PLANIFIEE, "est_demo": est_demo}
        )
        if cree:
            creees.append(instance)
    return creees


@transaction.atomic
def participation_enregistrer(
    *,
    instance: Instance,
    presence: str = Presence.PRESENT,
    utilisateur: Utilisateur | None = None,
    nom: str = "",
    courriel: str = "",
) -> Participation:
    """Ajoute un membre (compte ou externe avec courriel) ou met à jour sa présence."""
    if utilisateur is None and not (nom.strip() and courriel.strip()):
        raise ValidationError("Choisissez un membre ou indiquez le nom et le courriel d'un membre externe.")
    if utilisateur is not None:
        participation, _ = Participation.objects.update_or_create(
            instance=instance, utilisateur=utilisateur, defaults={"presence": presence}
        )
        return participation
    participation, _ = Participation.objects.update_or_create(
        instance=instance,
        utilisateur=None,
        courriel=courriel.strip(),
        defaults={"nom": nom.strip(), "presence": presence},
    )
    return participation


@transaction.atomic
def decision_creer(
    *,
    instance: Instance,
    texte: str,
    lien: str,
    service_pilote: Service | None = None,
    echeance: datetime.date | None = None,
    auteur: Utilisateur | None = None,
) -> Decision:
    """Enregistre une décision et crée l'action du plan correspondante (origine COPIL ou CLU)."""
    texte = texte.strip()
    if not texte:
        raise ValidationError("La décision est vide.")
    action: Action = action_creer(
        intitule=texte[:250],
        description=texte,
        origine=Origine.COPIL if instance.type == "copil" else Origine.CLU,
        origine_libelle=str(instance),
        origine_lien=lien,
        service_pilote=service_pilote,
        echeance=echeance,
        auteur=auteur,
        est_demo=instance.est_demo,
    )
    return Decision.objects.create(instance=instance, texte=texte, action=action)


def _corps_compte_rendu(instance: Instance, lien: str) -> str:
    lignes = [
        "Bonjour,",
        "",
        f"Voici le compte rendu de la séance « {instance} » du {instance.date:%d/%m/%Y}.",
        "Il est adressé à tous les membres, présents, excusés ou absents.",
        "",
    ]
    if instance.compte_rendu.strip():
        lignes += [instance.compte_rendu.strip(), ""]
    if instance.compte_rendu_fichier:
        lignes += ["Le compte rendu est joint à la séance dans l'application.", ""]
    lignes.append(f"La séance dans l'application : {lien}")
    return "\n".join(lignes)


@transaction.atomic
def compte_rendu_envoyer(*, instance: Instance, lien: str) -> tuple[int, list[str]]:
    """Programme un courriel du compte rendu pour CHAQUE membre (absents et excusés compris).

    Idempotent : un membre déjà destinataire ne le reçoit pas deux fois. Renvoie le nombre de
    courriels nouvellement programmés et les membres sans adresse.
    """
    if not instance.a_un_compte_rendu:
        raise ValidationError("Rédigez ou joignez d'abord le compte rendu.")
    nouveaux, sans_adresse = 0, []
    sujet = f"Compte rendu : {instance}"
    corps = _corps_compte_rendu(instance, lien)
    for participation in instance.participations.select_related("utilisateur"):
        adresse = (participation.adresse or "").strip().lower()
        if not adresse:
            sans_adresse.append(participation.libelle)
            continue
        _, cree = courriel_programmer(
            destinataires=[adresse],
            sujet=sujet,
            corps=corps,
            categorie=CATEGORIE_COMPTE_RENDU,
            cle=f"compte-rendu:{instance.pk}:{adresse}",
        )
        nouveaux += cree
    if nouveaux or instance.compte_rendu_envoye_le is None:
        instance.compte_rendu_envoye_le = timezone.now()
        instance.save(update_fields=["compte_rendu_envoye_le"])
    return nouveaux, sans_adresse


@transaction.atomic
def publication_creer(*, site: Site, annee: int, trimestre: int) -> PublicationTrimestrielle:
    if not 1 <= trimestre <= 4:
        raise ValidationError("Le trimestre va de 1 à 4.")
    publication, _ = PublicationTrimestrielle.objects.get_or_create(site=site, annee=annee, trimestre=trimestre)
    return publication


@transaction.atomic
def publication_choisir_indicateurs(*, publication: PublicationTrimestrielle, indicateurs: Iterable) -> None:
    """Change les indicateurs publiés ; une publication modifiée doit être validée de nouveau."""
    publication.indicateurs.set(indicateurs)
    if publication.validee_le is not None:
        publication.validee_le = None
        publication.validee_par = None
        publication.save(update_fields=["validee_le", "validee_par"])


@transaction.atomic
def publication_valider(*, publication: PublicationTrimestrielle, par: Utilisateur | None) -> None:
    if not publication.indicateurs.exists():
        raise ValidationError("Choisissez au moins un indicateur avant de valider le trimestre.")
    publication.validee_le = timezone.now()
    publication.validee_par = par
    publication.save(update_fields=["validee_le", "validee_par"])


@transaction.atomic
def publication_retirer(*, publication: PublicationTrimestrielle) -> None:
    publication.validee_le = None
    publication.validee_par = None
    publication.save(update_fields=["validee_le", "validee_par"])


@transaction.atomic
def jeton_agenda_renouveler(*, utilisateur: Utilisateur) -> JetonAgenda:
    """Crée le lien secret du flux iCal du compte, ou le remplace : l'ancien lien cesse aussitôt de fonctionner."""
    jeton = secrets.token_urlsafe(32)
    objet, _ = JetonAgenda.objects.update_or_create(utilisateur=utilisateur, defaults={"jeton": jeton})
    return objet


@transaction.atomic
def jeton_agenda_revoquer(*, utilisateur: Utilisateur) -> bool:
    """Supprime le lien secret du compte ; vrai s'il y en avait un."""
    supprimes, _ = JetonAgenda.objects.filter(utilisateur=utilisateur).delete()
    return supprimes > 0
