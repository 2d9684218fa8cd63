"""Écritures des indicateurs : mesures, action corrective d'une alerte, rappels des mesures manquantes."""

import csv
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from engagements.models import Engagement
from organisation.models import Service, Utilisateur
from organisation.services.courriels import courriel_programmer
from plan_actions.models import Action, Origine
from plan_actions.services import action_creer
from qualite.formatage import MOIS

from . import acces, calculs
from .models import AlerteIndicateur, Indicateur, Mesure
from .regles import verifier_termes
from .selectors import LigneIndicateur


@transaction.atomic
def mesure_enregistrer(
    *,
    indicateur: Indicateur,
    annee: int,
    mois: int = 0,
    trimestre: int = 0,
    numerateur: Decimal | None = None,
    denominateur: Decimal | None = None,
    valeur: Decimal | None = None,
    provisoire: bool = False,
    commentaire: str = "",
    auteur: Utilisateur | None = None,
    est_demo: bool = False,
) -> tuple[Mesure, bool]:
    """Crée ou met à jour la mesure d'une période ; renvoie (mesure, créée ?).

    Lève ValidationError si les termes enfreignent les règles d'une mesure (`regles.verifier_termes`).
    """
    verifier_termes(indicateur.type_calcul, numerateur=numerateur, denominateur=denominateur, valeur=valeur)
    mesure, cree = Mesure.objects.update_or_create(
        indicateur=indicateur,
        annee=annee,
        trimestre=trimestre,
        mois=mois,
        defaults={
            "numerateur": numerateur if indicateur.a_deux_termes else None,
            "denominateur": denominateur if indicateur.a_deux_termes else None,
            "valeur": None if indicateur.a_deux_termes else valeur,
            "provisoire": provisoire,
            "commentaire": commentaire,
            "saisi_par": auteur,
            "est_demo": est_demo,
        },
    )
    return mesure, cree


@transaction.atomic
def action_corrective_creer(
    *, ligne: LigneIndicateur, url_indicateur: str, auteur: Utilisateur | None, mois: int = 0
) -> Action:
    """Crée l'action corrective d'une valeur hors cible et garde le lien : le cumul de l'année (`mois` 0) ou un
    mois ; une seule par indicateur et période.

    Lève ValueError si la valeur n'est pas hors cible ou si l'alerte a déjà son action.
    """
    from .selectors import serie_mensuelle

    indicateur = ligne.indicateur
    valeur, statut, periode, valeur_texte = ligne.valeur, ligne.statut, ligne.periode_texte, ligne.valeur_texte
    precedente = f"Même période de l'année précédente : {ligne.precedente_texte}."
    if mois:
        point = next((p for p in serie_mensuelle(indicateur, ligne.annee) if p.mois == mois), None)
        if point is None:
            raise ValueError("Mois inconnu.")
        valeur, statut, valeur_texte = point.valeur, point.statut, point.textes["valeur"]
        periode = f"{point.libelle} {ligne.annee}"
        precedente = f"{point.libelle.capitalize()} {ligne.annee - 1} : {point.textes['precedente']}."
    if statut != calculs.HORS_CIBLE:
        raise ValueError("La valeur respecte sa cible : aucune action corrective à créer.")
    alerte, _ = AlerteIndicateur.objects.select_for_update().get_or_create(
        indicateur=indicateur,
        annee=ligne.annee,
        mois=mois,
        defaults={"valeur": valeur, "jusqu_au_mois": mois or ligne.jusqu_au_mois or 12, "cree_par": auteur},
    )
    if alerte.action_id is not None:
        raise ValueError(f"Une action corrective existe déjà pour cet indicateur ({periode}).")
    action = action_creer(
        intitule=f"Ramener « {indicateur.libelle} » dans sa cible ({ligne.cible_texte})",
        description=f"Valeur {periode} : {valeur_texte}, hors cible ({ligne.cible_texte}). {precedente}",
        origine=Origine.INDICATEUR,
        origine_libelle=f"{indicateur.libelle} : {valeur_texte} ({periode})",
        origine_lien=url_indicateur,
        service_pilote=indicateur.service_recueil,
        engagements=indicateur.engagements.all(),
        auteur=auteur,
    )
    alerte.action = action
    alerte.valeur = valeur  # type: ignore[assignment]  # hors cible : la valeur est connue
    alerte.jusqu_au_mois = mois or ligne.jusqu_au_mois or 12
    alerte.save(update_fields=["action", "valeur", "jusqu_au_mois"])
    return action


def mois_precedent(jour: date) -> tuple[int, int]:
    return (jour.year - 1, 12) if jour.month == 1 else (jour.year, jour.month - 1)


@transaction.atomic
def rappels_mesures_manquantes(*, aujourdhui: date, url_saisie: str = "") -> int:
    """À partir du 10, rappelle chaque mesure mensuelle du mois précédent encore absente.

    Un courriel par indicateur et par mois (clé « rappel-mesure:<id>:<AAAA-MM> ») aux correspondants
    du service de recueil et aux référents : une seconde exécution ne renvoie rien. Renvoie le nombre
    de courriels nouvellement programmés.
    """
    if aujourdhui.day < 10:
        return 0
    annee, mois = mois_precedent(aujourdhui)
    debut = date(annee, mois, 1)
    manquants = (
        Indicateur.objects.mensuels()
        .actifs_le(debut)
        .exclude(mesures__annee=annee, mesures__mois=mois)
        .select_related("service_recueil")
        .prefetch_related("service_recueil__correspondants")
    )
    referents = [u.email for u in acces.referents_a_rappeler() if u.email]
    programmes = 0
    for indicateur in manquants:
        correspondants = [u.email for u in acces.correspondants_a_rappeler(indicateur) if u.email]
        destinataires = correspondants + referents
        if not destinataires:
            continue
        periode = f"{annee}-{mois:02d}"
        _, cree = courriel_programmer(
            destinataires=destinataires,
            sujet=f"Indicateur à saisir : {indicateur.libelle} ({MOIS[mois - 1]} {annee})",
            corps=(
                f"Bonjour,\n\nLa mesure de {MOIS[mois - 1]} {annee} de l'indicateur « {indicateur.libelle} » "
                f"({indicateur.code}) n'a pas encore été saisie.\n"
                + (f"Saisie mensuelle : {url_saisie}\n" if url_saisie else "")
                + "\nMerci.\nLa démarche qualité"
            ),
            categorie="rappel_mesure",
            cle=f"rappel-mesure:{indicateur.pk}:{periode}",
        )
        programmes += int(cree)
    return programmes


# Définitions des indicateurs : création, modification, désactivation, catalogue des indicateurs usuels.

CATALOGUE = Path(__file__).resolve().parent / "donnees" / "catalogue.csv"


@transaction.atomic
def indicateur_enregistrer(
    *, indicateur: Indicateur | None = None, engagements: Iterable[Engagement] = (), **champs: object
) -> Indicateur:
    """Crée (indicateur=None) ou modifie une définition ; `champs` : les champs du modèle (code, libellé…).

    Lève ValidationError (par champ) si la définition est invalide (code déjà pris, choix inconnu).
    """
    indicateur = indicateur or Indicateur()
    for nom, valeur in champs.items():
        setattr(indicateur, nom, valeur)
    indicateur.full_clean()
    indicateur.save()
    indicateur.engagements.set(list(engagements))
    return indicateur


@transaction.atomic
def indicateur_desactiver(*, indicateur: Indicateur, le: date) -> Indicateur:
    """Clôt la période d'activité la veille de `le` : l'indicateur n'est plus à saisir ni rappelé ;
    ses mesures restent, comme ses valeurs dans les bilans des années où il était suivi."""
    indicateur.date_fin = le - timedelta(days=1)
    if indicateur.date_debut and indicateur.date_fin < indicateur.date_debut:
        indicateur.date_fin = indicateur.date_debut
    indicateur.save(update_fields=["date_fin"])
    return indicateur


def catalogue() -> list[dict[str, str]]:
    """Les indicateurs usuels d'une préfecture (appels perdus, réclamations, PAN, appels mystères…)."""
    with open(CATALOGUE, encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


@transaction.atomic
def indicateur_depuis_catalogue(*, code: str, service_recueil: Service | None = None) -> Indicateur:
    """Ajoute en un clic l'indicateur usuel `code` ; lève KeyError s'il n'est pas au catalogue et
    ValidationError s'il est déjà défini."""
    modele = next((ligne for ligne in catalogue() if ligne["code"] == code), None)
    if modele is None:
        raise KeyError(code)
    return indicateur_enregistrer(
        code=modele["code"],
        libelle=modele["libelle"],
        type_calcul=modele["type_calcul"],
        unite=modele["unite"],
        sens=modele["sens"],
        cible=Decimal(modele["cible"]) if modele["cible"] else None,
        seuil_alerte=Decimal(modele["seuil_alerte"]) if modele["seuil_alerte"] else None,
        periodicite=modele["periodicite"],
        mode_calcul=modele["mode_calcul"],
        service_recueil=service_recueil,
        ordre=Indicateur.objects.count(),
    )
