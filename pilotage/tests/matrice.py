"""Cas de la matrice des permissions pour le pilotage (instances, transparence, pages publiques)."""

from tests_outils.matrice import Cas, lecture, public, reserve_referent


def preparer(monde):
    from django.core.files.base import ContentFile

    from indicateurs.tests.factories import MesureFactory

    from .factories import InstanceFactory, JetonAgendaFactory, ParticipationFactory, PublicationFactory

    monde.instance = InstanceFactory(avec_compte_rendu=True, lieu="Salle du COPIL")
    monde.instance.compte_rendu_fichier.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4 compte rendu"), save=True)
    ParticipationFactory(instance=monde.instance, utilisateur=monde.utilisateurs["copil"])
    mesure = MesureFactory(indicateur=monde.indicateur, annee=2023, mois=8)
    monde.publication = PublicationFactory(site=monde.site, validee=True, indicateurs=[mesure.indicateur])
    monde.jeton_agenda = JetonAgendaFactory(utilisateur=monde.utilisateurs["correspondant"])
    monde.publication_brouillon = PublicationFactory(site=monde.site, trimestre=2, indicateurs=[mesure.indicateur])


def _instance(monde):
    return {"pk": monde.instance.pk}


def _seance(monde):
    return {"type": "copil", "date": "2024-06-03", "statut": "planifiee", "titre": "COPIL de juin"}


CAS = [
    Cas("accueil", lecture()),
    Cas("pilotage:instances", lecture()),
    Cas("pilotage:agenda", lecture()),
    Cas("pilotage:agenda", lecture(), requete="mois=2023-08&miens=1", nom="GET pilotage:agenda ?miens=1"),
    Cas("pilotage:agenda_lien", public(302), methode="post"),
    Cas("pilotage:agenda_lien", public(405), nom="GET pilotage:agenda_lien"),
    Cas("pilotage:agenda_revoquer", public(302), methode="post"),
    Cas("pilotage:agenda_ical", public(), kwargs=lambda m: {"jeton": m.jeton_agenda.jeton}, html=False),
    Cas(
        "pilotage:agenda_ical",
        public(404),
        kwargs=lambda m: {"jeton": "lien-inconnu"},
        html=False,
        nom="GET pilotage:agenda_ical inconnu",
    ),
    Cas("pilotage:recherche", lecture(), requete="q=COPIL", nom="GET pilotage:recherche ?q=COPIL"),
    Cas("pilotage:recherche", lecture(), nom="GET pilotage:recherche (vide)"),
    Cas("pilotage:instance_creer", reserve_referent()),
    Cas("pilotage:instance_creer", reserve_referent(ok=302), methode="post", donnees=_seance),
    Cas("pilotage:instance_detail", lecture(), kwargs=_instance),
    Cas("pilotage:compte_rendu_fichier", lecture(), kwargs=_instance, html=False),
    Cas("pilotage:instance_modifier", reserve_referent(), kwargs=_instance),
    Cas("pilotage:instance_modifier", reserve_referent(ok=302), kwargs=_instance, methode="post", donnees=_seance),
    Cas(
        "pilotage:participation_ajouter",
        reserve_referent(ok=302),
        kwargs=_instance,
        methode="post",
        donnees=lambda m: {"nom": "Association des usagers", "courriel": "usagers@exemple.fr", "presence": "absent"},
    ),
    Cas(
        "pilotage:decision_creer",
        reserve_referent(ok=302),
        kwargs=_instance,
        methode="post",
        donnees=lambda m: {"texte": "Afficher les horaires à l'entrée"},
    ),
    Cas("pilotage:compte_rendu_envoyer", reserve_referent(ok=302), kwargs=_instance, methode="post"),
    Cas(
        "pilotage:instances_planifier",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"type": "clu", "premiere_date": "2030-01-15", "nombre": 2, "intervalle_mois": 12},
    ),
    Cas("pilotage:transparence", reserve_referent()),
    Cas(
        "pilotage:transparence",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"annee": 2024, "trimestre": 1},
    ),
    Cas("pilotage:publication", reserve_referent(), kwargs=lambda m: {"pk": m.publication_brouillon.pk}),
    Cas(
        "pilotage:publication",
        reserve_referent(ok=302),
        kwargs=lambda m: {"pk": m.publication_brouillon.pk},
        methode="post",
        donnees=lambda m: {"indicateurs": [m.indicateur.pk]},
    ),
    Cas(
        "pilotage:publication_valider",
        reserve_referent(ok=302),
        kwargs=lambda m: {"pk": m.publication_brouillon.pk},
        methode="post",
    ),
    Cas("resultats:index", public()),
    Cas("resultats:trimestre", public(), kwargs=lambda m: {"annee": 2023, "trimestre": 3}),
    Cas(
        "resultats:trimestre",
        public(404),
        kwargs=lambda m: {"annee": 2023, "trimestre": 2},
        nom="GET resultats:trimestre non validé",
    ),
    Cas("resultats:affiche", public(), kwargs=lambda m: {"annee": 2023, "trimestre": 3}, html=False),
    Cas("resultats:open_data", public(), html=False),
]
