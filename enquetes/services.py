"""Écritures des enquêtes (satisfaction, résultats par critère, mentions, enquête mystère) et du registre
de l'écoute des usagers ; les mesures mensuelles qu'ils alimentent sont écrites par `indicateurs.services`."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from indicateurs.models import Indicateur, Mesure, TypeCalcul
from indicateurs.services import mesure_enregistrer
from organisation.models import Utilisateur

from .models import EnqueteMystere, EnqueteSatisfaction, MentionLitterale, ResultatCritere, Sollicitation
from .selectors import termes_registre

CREE, MIS_A_JOUR, INCHANGE = "cree", "mis_a_jour", "inchange"


@transaction.atomic
def enquete_obtenir(*, annee: int, est_demo: bool = False) -> tuple[EnqueteSatisfaction, bool]:
    """L'enquête de l'année, créée vide (champs inconnus laissés vides) si elle n'existe pas."""
    return EnqueteSatisfaction.objects.get_or_create(annee=annee, defaults={"est_demo": est_demo})


@transaction.atomic
def enquete_enregistrer(*, enquete: EnqueteSatisfaction) -> EnqueteSatisfaction:
    """Enregistre la description de l'enquête (période, échantillon, réponses…)."""
    if enquete.echantillon is not None and enquete.reponses is not None and enquete.reponses > enquete.echantillon:
        raise ValueError("plus de réponses que de personnes sollicitées")
    enquete.save()
    return enquete


@transaction.atomic
def resultat_enregistrer(
    *, enquete: EnqueteSatisfaction, theme: str, critere: str, taux: Decimal, ordre: int = 0
) -> tuple[ResultatCritere, str]:
    """Crée ou actualise le taux d'un critère ; renvoie (résultat, "cree" | "mis_a_jour" | "inchange")."""
    if not Decimal(0) <= taux <= Decimal(100):
        raise ValueError(f"taux {taux} hors de 0 à 100")
    resultat = ResultatCritere.objects.filter(enquete=enquete, theme=theme, critere=critere).first()
    if resultat is None:
        return ResultatCritere.objects.create(
            enquete=enquete, theme=theme, critere=critere, taux=taux, ordre=ordre
        ), CREE
    if resultat.taux == taux and resultat.ordre == ordre:
        return resultat, INCHANGE
    resultat.taux, resultat.ordre = taux, ordre
    resultat.save(update_fields=["taux", "ordre"])
    return resultat, MIS_A_JOUR


@transaction.atomic
def mention_enregistrer(
    *, enquete: EnqueteSatisfaction, categorie: str, nombre: int, ordre: int = 0
) -> MentionLitterale:
    mention, _ = MentionLitterale.objects.update_or_create(
        enquete=enquete, categorie=categorie, defaults={"nombre": nombre, "ordre": ordre}
    )
    return mention


@transaction.atomic
def mentions_remplacer(*, enquete: EnqueteSatisfaction, mentions: list[tuple[str, int]]) -> int:
    """Remplace les mentions littérales de l'enquête par la liste (tendance, nombre), dans cet ordre."""
    enquete.mentions.exclude(categorie__in=[categorie for categorie, _ in mentions]).delete()
    for ordre, (categorie, nombre) in enumerate(mentions):
        mention_enregistrer(enquete=enquete, categorie=categorie, nombre=nombre, ordre=ordre)
    return len(mentions)


def part_positifs(
    *, nombre_tests: int | None, tests_positifs: int | None, taux_publie: Decimal | None
) -> Decimal | None:
    """Positifs / tests × 100 quand les tests sont connus ; sinon la part publiée telle quelle."""
    if nombre_tests and tests_positifs is not None:
        if tests_positifs > nombre_tests:
            raise ValueError("plus de tests positifs que de tests")
        return (Decimal(tests_positifs) / nombre_tests * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return taux_publie


@transaction.atomic
def enquete_mystere_enregistrer(
    *, enquete: EnqueteMystere, auteur: Utilisateur | None = None, est_demo: bool = False
) -> EnqueteMystere:
    """Enregistre l'enquête mystère (part calculée depuis les tests si connus) et alimente son indicateur.

    L'indicateur lié (valeur annuelle) reçoit la même part : le chiffre n'a qu'une définition, celle-ci.
    """
    enquete.taux_positifs = part_positifs(
        nombre_tests=enquete.nombre_tests, tests_positifs=enquete.tests_positifs, taux_publie=enquete.taux_positifs
    )
    enquete.save()
    indicateur = enquete.indicateur
    if indicateur is not None and indicateur.type_calcul == TypeCalcul.VALEUR and enquete.taux_positifs is not None:
        existante = Mesure.objects.filter(indicateur=indicateur, annee=enquete.annee, trimestre=0, mois=0).first()
        if existante is None or existante.valeur != enquete.taux_positifs:
            mesure_enregistrer(
                indicateur=indicateur,
                annee=enquete.annee,
                valeur=enquete.taux_positifs,
                commentaire=f"{enquete.intitule} ({enquete.periode or enquete.annee}) : part de résultats positifs",
                auteur=auteur,
                est_demo=est_demo,
            )
    return enquete


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
            numerateur=Decimal(numerateur),
            denominateur=Decimal(denominateur),
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
