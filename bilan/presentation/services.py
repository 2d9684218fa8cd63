"""Écritures du diaporama : masque de la préfecture, demandes et leur génération (idempotente), comme le bilan."""

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from organisation.models import Utilisateur
from qualite.celery import envoyer_apres_commit, republier

from ..models import DemandePresentation, MasquePresentation
from ..services import DOSSIER, _ecrire_atomiquement
from .contenu import CLES
from .rendu import rendre


@transaction.atomic
def masque_televerser(*, fichier: UploadedFile, utilisateur: Utilisateur | None) -> MasquePresentation:
    """Enregistre le masque `.pptx` de la préfecture (déjà vérifié par le formulaire) : il devient le masque utilisé."""
    masque = MasquePresentation(nom=Path(fichier.name or "masque.pptx").name[:255], televerse_par=utilisateur)
    masque.fichier.save(f"masque-{timezone.now():%Y%m%d-%H%M%S}.pptx", fichier, save=False)
    masque.save()
    return masque


def presentation_demander(
    *,
    annee: int,
    edition: str,
    format: str,
    diapositives: list[str],
    masque: MasquePresentation | None,
    demandeur: Utilisateur | None,
) -> tuple[DemandePresentation, bool]:
    """Demande un diaporama ; renvoie (demande, créée). Une demande active de la même année, édition et format
    est réutilisée (deux clics, deux onglets : un seul diaporama construit)."""
    retenues = [cle for cle in CLES if cle in set(diapositives)]
    try:
        with transaction.atomic():
            existante = (
                DemandePresentation.objects.actives().filter(annee=annee, edition=edition, format=format).first()
            )
            if existante is not None:
                return existante, False
            demande = DemandePresentation.objects.create(
                annee=annee,
                edition=edition,
                format=format,
                diapositives=retenues,
                masque=masque if format == "pptx" else None,
                demandeur=demandeur,
            )
            from ..tasks import generer_presentation

            envoyer_apres_commit(generer_presentation, demande.pk, si_envoyee=lambda: _noter_envoi(demande.pk))
            return demande, True
    except IntegrityError:
        return DemandePresentation.objects.actives().get(annee=annee, edition=edition, format=format), False


def _noter_envoi(demande_id: int) -> None:
    DemandePresentation.objects.filter(pk=demande_id).update(envoyee_le=timezone.now())


def presentation_relancer_non_envoyees(*, anciennete_secondes: float) -> int:
    """Republie les demandes en attente dont la tâche n'a pas pu être envoyée (courtier injoignable)."""
    from ..tasks import generer_presentation

    en_attente = DemandePresentation.objects.filter(statut=DemandePresentation.Statut.EN_ATTENTE)
    return republier(
        en_attente,
        generer_presentation,
        champ="envoyee_le",
        creation="creee_le",
        anciennete_secondes=anciennete_secondes,
    )


def chemin_archive(demande: DemandePresentation) -> str:
    """bilans/2023/diaporama-2023-clu-7.pptx (un fichier par demande)."""
    return f"{DOSSIER}/{demande.annee}/diaporama-{demande.annee}-{demande.edition}-{demande.pk}.{demande.format}"


def _commencer(demande_id: int) -> DemandePresentation | None:
    with transaction.atomic():
        demande = (
            DemandePresentation.objects.select_for_update(of=("self",)).select_related("masque").get(pk=demande_id)
        )
        if demande.statut in (DemandePresentation.Statut.TERMINE, DemandePresentation.Statut.ECHEC):
            return None
        demande.statut = DemandePresentation.Statut.EN_COURS
        demande.commencee_le = timezone.now()
        demande.tentatives += 1
        demande.raison_echec = ""
        demande.save(update_fields=["statut", "commencee_le", "tentatives", "raison_echec"])
        return demande


def presentation_generer(*, demande_id: int) -> DemandePresentation | None:
    """Construit et archive le diaporama d'une demande. Rejouable : une demande terminée n'est pas refaite, une
    demande interrompue est reprise ; le fichier est écrit d'un coup (jamais à moitié)."""
    demande = _commencer(demande_id)
    if demande is None:
        return None
    masque = Path(demande.masque.fichier.path) if demande.masque else None
    fichier = rendre(demande.annee, demande.edition, demande.format, retenues=demande.diapositives, masque=masque)
    relatif = chemin_archive(demande)
    taille = _ecrire_atomiquement(relatif, fichier.contenu, prefixe=f"diaporama-{demande.pk}-")
    with transaction.atomic():
        demande = DemandePresentation.objects.select_for_update().get(pk=demande_id)
        demande.statut = DemandePresentation.Statut.TERMINE
        demande.fichier.name = relatif
        demande.taille = taille
        demande.nb_diapositives = fichier.nb_diapositives
        demande.terminee_le = timezone.now()
        demande.save(update_fields=["statut", "fichier", "taille", "nb_diapositives", "terminee_le"])
    return demande


@transaction.atomic
def presentation_marquer_echec(*, demande_id: int, raison: str) -> None:
    demande = DemandePresentation.objects.select_for_update().filter(pk=demande_id).first()
    if demande is None or demande.statut == DemandePresentation.Statut.TERMINE:
        return
    demande.statut = DemandePresentation.Statut.ECHEC
    demande.raison_echec = raison[:2000]
    demande.terminee_le = timezone.now()
    demande.save(update_fields=["statut", "raison_echec", "terminee_le"])
