"""Cas de la matrice des permissions pour les enquêtes et l'écoute des usagers."""

from decimal import Decimal

from enquetes.tests.factories import (
    EnqueteMystereFactory,
    EnqueteSatisfactionFactory,
    MentionLitteraleFactory,
    ResultatCritereFactory,
    SollicitationFactory,
)
from indicateurs.tests.factories import IndicateurFactory
from tests_outils.matrice import Cas, lecture, reserve_referent


def preparer(monde) -> None:
    enquete_2022 = EnqueteSatisfactionFactory(annee=2022)
    monde.enquete = EnqueteSatisfactionFactory(
        annee=2023, periode="du 6 au 13 novembre 2023", echantillon=332, reponses=86
    )
    ResultatCritereFactory(enquete=enquete_2022, theme="Accueil téléphonique", critere="Accueil téléphonique", taux=68)
    ResultatCritereFactory(enquete=monde.enquete, theme="Accueil téléphonique", critere="Accueil téléphonique", taux=93)
    MentionLitteraleFactory(enquete=monde.enquete, categorie="Remerciements au personnel", nombre=11)
    monde.mystere = EnqueteMystereFactory(annee=2023, intitule="Appels mystères (matrice)", taux_positifs=Decimal(93))
    monde.sollicitation = SollicitationFactory(service=monde.service, delai=3)
    monde.indicateur_taux_registre = IndicateurFactory(
        code="reclamations_taux_matrice", libelle="Taux de réponse (matrice)"
    )


def _annee(monde) -> dict:
    return {"annee": 2023}


def _enquete(monde) -> dict:
    return {"periode": "du 6 au 13 novembre 2023", "echantillon": "332", "reponses": "86", "mesure": "très satisfait"}


def _mystere(monde) -> dict:
    return {"annee": "2023", "intitule": "Appels mystères", "canal": "telephone", "taux_positifs": "93"}


def _sollicitation(monde) -> dict:
    return {
        "type": "reclamation",
        "recue_le": "2023-11-02",
        "canal": "courriel",
        "objet": "rendez_vous",
        "service": monde.service.pk,
        "resume": "Pas de créneau",
    }


# Le correspondant enregistre les sollicitations de ses services ; celui d'un autre service ne peut pas
# choisir ce service (formulaire réaffiché, 200) ni ouvrir une sollicitation qui n'est pas la sienne (403).
REGISTRE = reserve_referent(correspondant=200, correspondant_autre=200)
REGISTRE_POST = reserve_referent(ok=302, correspondant=302, correspondant_autre=200)
FICHE = reserve_referent(correspondant=200)
FICHE_POST = reserve_referent(ok=302, correspondant=302)

CAS = [
    Cas("enquetes:enquetes", lecture()),
    Cas("enquetes:enquetes", lecture(), requete="annee=2022", nom="GET enquetes:enquetes 2022"),
    Cas("enquetes:enquete_affiche", lecture(), kwargs=_annee, html=False),
    Cas("enquetes:enquete_modifier", reserve_referent(), kwargs=_annee),
    Cas("enquetes:enquete_modifier", reserve_referent(ok=302), kwargs=_annee, methode="post", donnees=_enquete),
    Cas("enquetes:enquete_import", reserve_referent()),
    Cas("enquetes:enquete_import", reserve_referent(), methode="post"),
    Cas("enquetes:mystere_creer", reserve_referent()),
    Cas("enquetes:mystere_creer", reserve_referent(ok=302), methode="post", donnees=_mystere),
    Cas("enquetes:mystere_modifier", reserve_referent(), kwargs=lambda m: {"pk": m.mystere.pk}),
    Cas(
        "enquetes:mystere_modifier",
        reserve_referent(ok=302),
        kwargs=lambda m: {"pk": m.mystere.pk},
        methode="post",
        donnees=_mystere,
    ),
    Cas("enquetes:ecoute", lecture()),
    Cas("enquetes:ecoute", lecture(), requete="annee=2023&mois=10", nom="GET enquetes:ecoute 2023-10"),
    Cas("enquetes:sollicitation_creer", REGISTRE),
    Cas("enquetes:sollicitation_creer", REGISTRE_POST, methode="post", donnees=_sollicitation),
    Cas("enquetes:sollicitation_modifier", FICHE, kwargs=lambda m: {"pk": m.sollicitation.pk}),
    Cas(
        "enquetes:sollicitation_modifier",
        FICHE_POST,
        kwargs=lambda m: {"pk": m.sollicitation.pk},
        methode="post",
        donnees=_sollicitation,
    ),
    Cas(
        "enquetes:registre_brancher",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"indicateur": m.indicateur_taux_registre.pk, "actif": "on"},
    ),
]
