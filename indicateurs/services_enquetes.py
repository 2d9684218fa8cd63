"""Écritures des enquêtes : enquête de satisfaction, résultats par critère, mentions, enquête mystère."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from qualite.models import Utilisateur

from .models import EnqueteMystere, EnqueteSatisfaction, MentionLitterale, Mesure, ResultatCritere, TypeCalcul
from .services import mesure_enregistrer

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
