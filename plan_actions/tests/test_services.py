import datetime

import pytest

from engagements.tests.factories import ModuleFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.historique import historique_action
from plan_actions.models import Action, Statut
from plan_actions.services import (
    ConflitEdition,
    action_commenter,
    action_creer,
    action_mettre_a_jour,
    prochaine_reference,
)

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("existantes", "attendue"),
    [([], "2023-001"), (["2023-001", "2023-002"], "2023-003"), (["2023-009", "2022-050"], "2023-010")],
)
def test_prochaine_reference(existantes, attendue):
    for reference in existantes:
        ActionFactory(reference=reference)
    assert prochaine_reference(annee=2023) == attendue


def test_action_creer_attribue_reference_et_historique():
    referent = UtilisateurFactory(referent=True)
    module = ModuleFactory(numero=7)
    action = action_creer(intitule="Afficher les résultats", modules=[module], auteur=referent)
    assert action.reference.endswith("-001")
    assert list(action.modules.all()) == [module]
    assert action.history.first().history_user == referent


def test_mettre_a_jour_incremente_version_et_ecrit_une_entree_d_historique():
    referent = UtilisateurFactory(referent=True)
    action = ActionFactory(statut=Statut.A_LANCER)
    avant = action.history.count()
    action_mettre_a_jour(
        action=action, version_lue=1, modifications={"statut": Statut.EN_COURS, "avancement": 40}, auteur=referent
    )
    action.refresh_from_db()
    assert (action.version, action.statut, action.avancement) == (2, Statut.EN_COURS, 40)
    assert action.history.count() == avant + 1
    derniere = action.history.first()
    assert derniere.history_user == referent and derniere.version == 2


def test_passage_a_realisee_fixe_date_et_avancement():
    action = ActionFactory(statut=Statut.EN_COURS, avancement=60)
    action_mettre_a_jour(action=action, version_lue=1, modifications={"statut": Statut.REALISEE}, auteur=None)
    action.refresh_from_db()
    assert action.avancement == 100
    assert action.date_realisation is not None


def test_edition_concurrente_refusee_rien_perdu_second_editeur_informe():
    premier = UtilisateurFactory(referent=True, first_name="Anne", last_name="Premier")
    second = UtilisateurFactory(correspondant=True, first_name="Bruno", last_name="Second")
    action = ActionFactory(statut=Statut.A_LANCER, avancement=0)
    # Les deux ouvrent le formulaire à la version 1.
    version_lue = action.version
    action_mettre_a_jour(
        action=action,
        version_lue=version_lue,
        modifications={"avancement": 50, "statut": Statut.EN_COURS},
        auteur=premier,
    )
    with pytest.raises(ConflitEdition) as erreur:
        action_mettre_a_jour(action=action, version_lue=version_lue, modifications={"avancement": 20}, auteur=second)
    action.refresh_from_db()
    # Rien de perdu : la modification du premier reste.
    assert (action.avancement, action.statut, action.version) == (50, Statut.EN_COURS, 2)
    # Le second est informé de ce qui a changé, en français, avec la valeur actuelle et la sienne.
    champs = {d.champ: d for d in erreur.value.divergences}
    assert set(champs) == {"avancement", "statut"}
    assert champs["avancement"].valeur_actuelle == "50 %"
    assert champs["avancement"].valeur_proposee == "20 %"
    assert champs["statut"].valeur_actuelle == "En cours"
    assert "Anne Premier" in erreur.value.message
    assert "Avancement (%) : « 50 % »" in erreur.value.message
    # L'historique est complet : création puis la seule modification acceptée, avec son auteur.
    entrees = historique_action(action)
    assert len(entrees) == 2
    assert entrees[0].auteur == "Anne Premier"
    assert {(c.libelle, c.avant, c.apres) for c in entrees[0].changements} == {
        ("Avancement (%)", "0 %", "50 %"),
        ("Statut", "À lancer", "En cours"),
    }


def test_historique_des_relations_et_du_service():
    ancien, nouveau = ServiceFactory(nom="Ancien service"), ServiceFactory(nom="Nouveau service")
    action = ActionFactory(service_pilote=ancien)
    module = ModuleFactory(numero=7)
    action_mettre_a_jour(
        action=action, version_lue=1, modifications={"service_pilote": nouveau, "modules": [module]}, auteur=None
    )
    changements = {c.libelle: (c.avant, c.apres) for c in historique_action(action)[0].changements}
    assert changements["Service pilote"] == ("Ancien service", "Nouveau service")
    assert changements["Modules"] == ("—", "Module 7")


def test_champ_non_modifiable_refuse():
    action = ActionFactory()
    with pytest.raises(ValueError):
        action_mettre_a_jour(action=action, version_lue=1, modifications={"version": 9}, auteur=None)


def test_commentaire_ajoute_au_journal_avec_la_mise_a_jour():
    auteur = UtilisateurFactory(correspondant=True)
    action = ActionFactory()
    action_mettre_a_jour(action=action, version_lue=1, modifications={}, auteur=auteur, commentaire="  Relancé  ")
    assert list(action.commentaires.values_list("texte", flat=True)) == ["Relancé"]
    action_commenter(action=action, auteur=auteur, texte="Second")
    assert action.commentaires.count() == 2


def test_en_retard():
    aujourdhui = datetime.date(2023, 6, 1)
    ActionFactory(echeance=datetime.date(2023, 5, 31))
    ActionFactory(echeance=datetime.date(2023, 6, 1))
    ActionFactory(echeance=datetime.date(2023, 5, 1), statut=Statut.REALISEE)
    assert Action.objects.en_retard(aujourdhui).count() == 1
