"""Écritures du bilan : texte de l'année, demandes de PDF et leur génération (idempotente)."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from organisation.models import Utilisateur
from qualite.celery import envoyer_apres_commit, republier

from .models import DemandeBilan, Narratif
from .rendu import rendre_pdf

DOSSIER = "bilans"
DOSSIER_TEMPORAIRE = ".en-cours"


@transaction.atomic
def narratif_enregistrer(*, annee: int, utilisateur: Utilisateur | None, **textes: str) -> Narratif:
    """Crée ou met à jour le texte de l'année (historisé par simple_history)."""
    narratif, _ = Narratif.objects.select_for_update().get_or_create(annee=annee)
    for champ in ("introduction", "faits_marquants", "perennisation", "perspectives"):
        if champ in textes:
            setattr(narratif, champ, textes[champ])
    narratif.modifie_par = utilisateur
    narratif.save()
    return narratif


def bilan_demander(*, annee: int, edition: str, demandeur: Utilisateur | None) -> tuple[DemandeBilan, bool]:
    """Demande un bilan ; renvoie (demande, créée). Une demande active de la même année et édition est réutilisée."""
    try:
        with transaction.atomic():
            existante = DemandeBilan.objects.actives().filter(annee=annee, edition=edition).first()
            if existante is not None:
                return existante, False
            demande = DemandeBilan.objects.create(annee=annee, edition=edition, demandeur=demandeur)
            from .tasks import generer_bilan

            envoyer_apres_commit(generer_bilan, demande.pk, si_envoyee=lambda: _noter_envoi(demande.pk))
            return demande, True
    except IntegrityError:
        # Deux demandes simultanées : la contrainte partielle en base n'en garde qu'une.
        return DemandeBilan.objects.actives().get(annee=annee, edition=edition), False


def _noter_envoi(demande_id: int) -> None:
    DemandeBilan.objects.filter(pk=demande_id).update(envoyee_le=timezone.now())


def bilan_relancer_non_envoyees(*, anciennete_secondes: float) -> int:
    """Republie les demandes en attente dont la tâche n'a pas pu être envoyée (courtier injoignable),
    faites il y a plus de `anciennete_secondes` ; renvoie le nombre de demandes envoyées."""
    from .tasks import generer_bilan

    en_attente = DemandeBilan.objects.filter(statut=DemandeBilan.Statut.EN_ATTENTE)
    return republier(
        en_attente, generer_bilan, champ="envoyee_le", creation="creee_le", anciennete_secondes=anciennete_secondes
    )


def chemin_archive(demande: DemandeBilan) -> str:
    """Chemin relatif à MEDIA_ROOT : bilans/2023/bilan-2023-copil-42.pdf (un par demande)."""
    return f"{DOSSIER}/{demande.annee}/bilan-{demande.annee}-{demande.edition}-{demande.pk}.pdf"


def _commencer(demande_id: int) -> DemandeBilan | None:
    """Passe la demande « en cours » (nouvelle tentative) ; None si elle est déjà finie."""
    with transaction.atomic():
        demande = DemandeBilan.objects.select_for_update().get(pk=demande_id)
        if demande.statut in (DemandeBilan.Statut.TERMINE, DemandeBilan.Statut.ECHEC):
            return None
        demande.statut = DemandeBilan.Statut.EN_COURS
        demande.commencee_le = timezone.now()
        demande.tentatives += 1
        demande.raison_echec = ""
        demande.etape = DemandeBilan.Etape.LECTURE
        demande.save(update_fields=["statut", "etape", "commencee_le", "tentatives", "raison_echec"])
        return demande


def _signaler_etape(demande_id: int, etape: str) -> None:
    """L'étape suivante, écrite aussitôt (hors de toute transaction longue) pour la page qui l'affiche."""
    DemandeBilan.objects.filter(pk=demande_id, statut=DemandeBilan.Statut.EN_COURS).update(etape=etape)


def _ecrire_atomiquement(relatif: str, contenu: bytes, prefixe: str) -> int:
    """Écrit dans un fichier temporaire (même disque) puis le renomme : jamais de PDF à moitié écrit."""
    racine = Path(settings.MEDIA_ROOT)
    final = racine / relatif
    temporaires = racine / DOSSIER / DOSSIER_TEMPORAIRE
    final.parent.mkdir(parents=True, exist_ok=True)
    temporaires.mkdir(parents=True, exist_ok=True)
    for reste in temporaires.glob(f"{prefixe}*"):  # restes d'une tentative interrompue
        reste.unlink(missing_ok=True)
    descripteur, chemin = tempfile.mkstemp(prefix=prefixe, suffix=".pdf", dir=temporaires)
    try:
        with os.fdopen(descripteur, "wb") as sortie:
            sortie.write(contenu)
            sortie.flush()
            os.fsync(sortie.fileno())
        os.replace(chemin, final)
    except BaseException:
        Path(chemin).unlink(missing_ok=True)
        raise
    return len(contenu)


def bilan_generer(*, demande_id: int) -> DemandeBilan | None:
    """Construit et archive le PDF d'une demande. Rejouable : une demande terminée n'est pas refaite,
    une demande « en cours » d'une tentative interrompue (worker tué) est reprise ; un seul fichier par demande."""
    demande = _commencer(demande_id)
    if demande is None:
        return None
    pdf = rendre_pdf(
        demande.annee,
        demande.edition,
        avant_mise_en_page=lambda: _signaler_etape(demande_id, DemandeBilan.Etape.MISE_EN_PAGE),
    )
    _signaler_etape(demande_id, DemandeBilan.Etape.ARCHIVAGE)
    relatif = chemin_archive(demande)
    taille = _ecrire_atomiquement(relatif, pdf.contenu, prefixe=f"demande-{demande.pk}-")
    with transaction.atomic():
        demande = DemandeBilan.objects.select_for_update().get(pk=demande_id)
        demande.statut = DemandeBilan.Statut.TERMINE
        demande.etape = ""
        demande.fichier.name = relatif
        demande.taille = taille
        demande.nb_pages = pdf.nb_pages
        demande.terminee_le = timezone.now()
        demande.save(update_fields=["statut", "etape", "fichier", "taille", "nb_pages", "terminee_le"])
    return demande


@transaction.atomic
def bilan_marquer_echec(*, demande_id: int, raison: str) -> None:
    """Échec définitif (erreur non passagère, ou relances épuisées) : la raison est affichée au demandeur."""
    demande = DemandeBilan.objects.select_for_update().filter(pk=demande_id).first()
    if demande is None or demande.statut == DemandeBilan.Statut.TERMINE:
        return
    demande.statut = DemandeBilan.Statut.ECHEC
    demande.etape = ""
    demande.raison_echec = raison[:2000]
    demande.terminee_le = timezone.now()
    demande.save(update_fields=["statut", "etape", "raison_echec", "terminee_le"])
