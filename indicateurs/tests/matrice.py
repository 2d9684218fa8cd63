"""Cas de la matrice des permissions pour les indicateurs (chaque URL × chaque rôle)."""

from decimal import Decimal

from tests_outils.matrice import Cas, lecture, reserve_referent

from .factories import IndicateurFactory, MesureFactory


def preparer(monde) -> None:
    # Un indicateur recueilli par le service du correspondant, hors cible en 2023 (12 % pour ≤ 10 %).
    monde.indicateur = IndicateurFactory(
        code="appels_perdus_matrice", libelle="Taux d'appels perdus (matrice)", service_recueil=monde.service
    )
    MesureFactory(indicateur=monde.indicateur, annee=2023, mois=1, numerateur=Decimal(12), denominateur=Decimal(100))
    MesureFactory(indicateur=monde.indicateur, annee=2022, mois=1, numerateur=Decimal(8), denominateur=Decimal(100))


def _code(monde) -> dict:
    return {"code": monde.indicateur.code}


def _code_annee(monde) -> dict:
    return {"code": monde.indicateur.code, "annee": 2023}


SAISIE = reserve_referent(correspondant=200)
SAISIE_POST = reserve_referent(ok=302, correspondant=302)


def _donnees_definition(monde) -> dict:
    return {
        "code": "nouveau_matrice",
        "libelle": "Indicateur de la matrice",
        "type_calcul": "nombre",
        "periodicite": "mensuelle",
        "ordre": 1,
    }


CAS = [
    Cas("indicateurs:creer", reserve_referent()),
    Cas("indicateurs:creer", reserve_referent(ok=302), methode="post", donnees=_donnees_definition),
    Cas("indicateurs:modifier", reserve_referent(), kwargs=_code),
    Cas(
        "indicateurs:modifier",
        reserve_referent(ok=302),
        kwargs=_code,
        methode="post",
        donnees=lambda m: {**_donnees_definition(m), "code": m.indicateur.code},
    ),
    Cas("indicateurs:desactiver", reserve_referent(ok=302), kwargs=_code, methode="post"),
    Cas("indicateurs:catalogue", reserve_referent()),
    Cas(
        "indicateurs:catalogue_ajouter",
        reserve_referent(ok=302),
        kwargs=lambda m: {"code": "reclamations_delai"},
        methode="post",
    ),
    Cas("indicateurs:liste", lecture()),
    Cas("indicateurs:liste", lecture(), requete="annee=2022", nom="GET indicateurs:liste 2022"),
    Cas("indicateurs:detail", lecture(), kwargs=_code),
    Cas("indicateurs:saisie_mensuelle", SAISIE, requete="mois=2023-01"),
    Cas("indicateurs:saisie_mensuelle", SAISIE_POST, methode="post", requete="mois=2023-01"),
    Cas("indicateurs:saisie_annee", SAISIE, kwargs=_code_annee),
    Cas("indicateurs:saisie_annee", SAISIE_POST, kwargs=_code_annee, methode="post"),
    Cas("indicateurs:action_corrective", SAISIE_POST, kwargs=_code_annee, methode="post"),
    Cas("indicateurs:import", reserve_referent()),
    Cas("indicateurs:import", reserve_referent(), methode="post"),
    Cas("indicateurs:export", lecture(), kwargs=lambda m: {"format": "csv"}, html=False, nom="GET export csv"),
    Cas("indicateurs:export", lecture(), kwargs=lambda m: {"format": "xlsx"}, html=False, nom="GET export xlsx"),
    Cas("indicateurs:export", lecture(), kwargs=lambda m: {"format": "ods"}, html=False, nom="GET export ods"),
    Cas("indicateurs:definitions_import", reserve_referent()),
    Cas("indicateurs:definitions_import", reserve_referent(), methode="post"),
    Cas(
        "indicateurs:definitions_export",
        lecture(),
        kwargs=lambda m: {"format": "xlsx"},
        html=False,
        nom="GET export des définitions xlsx",
    ),
]
