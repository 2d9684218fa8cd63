"""Écritures du registre de l'écoute des usagers et mesures mensuelles calculées depuis lui."""

from datetime import date

from django.db import transaction

from qualite.models import Utilisateur

from .models import Indicateur, Mesure, Sollicitation, TypeCalcul
from .selectors_ecoute import termes_registre
from .services import mesure_enregistrer

COMMENTAIRE_REGISTRE = "calculé depuis le registre des sollicitations"


def _verifier(indicateur: Indicateur | None, type_calcul: str) -> None:
    if indicateur is None:
        return
    if not indicateur.source_registre:
        raise ValueError(f"« {indicateur.libelle} » n'est pas marqué « calculé depuis le registre ».")
    if indicateur.type_calcul != type_calcul:
        raise ValueError(f"« {indicateur.libelle} » n'a pas le bon type de calcul.")


@transaction.atomic
def mesures_depuis_registre(
    *,
    indicateur_taux: Indicateur | None = None,
    indicateur_delai: Indicateur | None = None,
    annee: int,
    mois: int,
    auteur: Utilisateur | None = None,
) -> tuple[Mesure | None, Mesure | None]:
    """Écrit les mesures du mois depuis le registre : taux = répondues / reçues ; délai = Σ délais / réponses.

    Un mois sans sollicitation (ou sans réponse, pour le délai) n'a pas de mesure : l'éventuelle mesure
    précédente est retirée, pour que le chiffre suive toujours le registre.
    """
    _verifier(indicateur_taux, TypeCalcul.RATIO)
    _verifier(indicateur_delai, TypeCalcul.DELAI_MOYEN)
    termes = termes_registre(annee, mois)
    resultats: list[Mesure | None] = []
    for indicateur, numerateur, denominateur in (
        (indicateur_taux, termes.repondues, termes.recues),
        (indicateur_delai, termes.total_delais, termes.repondues),
    ):
        if indicateur is None:
            resultats.append(None)
            continue
        if denominateur == 0:
            Mesure.objects.filter(indicateur=indicateur, annee=annee, trimestre=0, mois=mois).delete()
            resultats.append(None)
            continue
        mesure, _ = mesure_enregistrer(
            indicateur=indicateur,
            annee=annee,
            mois=mois,
            numerateur=numerateur,
            denominateur=denominateur,
            commentaire=COMMENTAIRE_REGISTRE,
            auteur=auteur,
        )
        resultats.append(mesure)
    return resultats[0], resultats[1]


def indicateurs_du_registre() -> tuple[list[Indicateur], list[Indicateur]]:
    """(taux, délais) : les indicateurs mensuels marqués « calculé depuis le registre »."""
    branches = list(Indicateur.objects.mensuels().filter(source_registre=True))
    return (
        [i for i in branches if i.type_calcul == TypeCalcul.RATIO],
        [i for i in branches if i.type_calcul == TypeCalcul.DELAI_MOYEN],
    )


@transaction.atomic
def recalculer_registre(*, annee: int, mois: int, auteur: Utilisateur | None = None) -> int:
    """Recalcule le mois pour chaque indicateur branché sur le registre ; renvoie le nombre d'indicateurs."""
    taux, delais = indicateurs_du_registre()
    for indicateur in taux:
        mesures_depuis_registre(indicateur_taux=indicateur, annee=annee, mois=mois, auteur=auteur)
    for indicateur in delais:
        mesures_depuis_registre(indicateur_delai=indicateur, annee=annee, mois=mois, auteur=auteur)
    return len(taux) + len(delais)


@transaction.atomic
def sollicitation_enregistrer(
    *, sollicitation: Sollicitation, auteur: Utilisateur | None = None, ancienne_reception: date | None = None
) -> Sollicitation:
    """Enregistre une sollicitation (nouvelle ou modifiée) puis recalcule les mois concernés."""
    if sollicitation.repondue_le and sollicitation.repondue_le < sollicitation.recue_le:
        raise ValueError("La date de réponse précède la date de réception.")
    if sollicitation.pk is None:
        sollicitation.cree_par = auteur
    sollicitation.save()
    mois = {(sollicitation.recue_le.year, sollicitation.recue_le.month)}
    if ancienne_reception:
        mois.add((ancienne_reception.year, ancienne_reception.month))
    for annee, numero in sorted(mois):
        recalculer_registre(annee=annee, mois=numero, auteur=auteur)
    return sollicitation


@transaction.atomic
def indicateur_brancher_registre(*, indicateur: Indicateur, actif: bool, auteur: Utilisateur | None = None) -> int:
    """Marque (ou non) l'indicateur « calculé depuis le registre » ; au branchement, recalcule chaque mois
    du registre. Renvoie le nombre de mois recalculés."""
    if actif and indicateur.type_calcul not in (TypeCalcul.RATIO, TypeCalcul.DELAI_MOYEN):
        raise ValueError("Seuls un taux de réponse ou un délai moyen peuvent être calculés depuis le registre.")
    indicateur.source_registre = actif
    indicateur.save(update_fields=["source_registre"])
    if not actif:
        return 0
    mois = Sollicitation.objects.dates("recue_le", "month")
    cle = "indicateur_taux" if indicateur.type_calcul == TypeCalcul.RATIO else "indicateur_delai"
    for jour in mois:
        mesures_depuis_registre(annee=jour.year, mois=jour.month, auteur=auteur, **{cle: indicateur})
    return len(mois)
