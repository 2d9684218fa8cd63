"""Les formulaires du plan d'actions soumis tels qu'affichés (WebTest) : adresse, champs, valeurs par défaut."""

import pytest
from django.urls import reverse

from organisation.tests.factories import UtilisateurFactory
from plan_actions.models import Action, Statut
from tests_outils.formulaires import formulaire

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_modifier_l_action_depuis_sa_fiche_referent(app, referent, service):
    action = ActionFactory(
        reference="2023-001", intitule="Etudier la faisabilité d'intégrer les horaires des PAN", service_pilote=service
    )
    fiche = app.get(reverse("plan_actions:detail", kwargs={"pk": action.pk}), user=referent)
    page = fiche.click(description="Modifier l'action")
    form = formulaire(page, "intitule", "statut")
    assert form.action == ""  # la page elle-même, jamais l'objet Action
    assert form["reference"].value == "2023-001"
    form["statut"] = Statut.REALISEE
    form["date_realisation"] = "15/11/2023"
    reponse = form.submit()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("plan_actions:detail", args=[action.pk])
    assert "Action 2023-001 enregistrée." in reponse.follow()
    action.refresh_from_db()
    assert action.statut == Statut.REALISEE and action.avancement == 100
    assert action.intitule == "Etudier la faisabilité d'intégrer les horaires des PAN"


def test_modifier_l_action_correspondant_champs_de_suivi(app, correspondant, service):
    action = ActionFactory(service_pilote=service, statut=Statut.A_LANCER)
    page = app.get(reverse("plan_actions:modifier", kwargs={"pk": action.pk}), user=correspondant)
    form = formulaire(page, "statut", "avancement")
    assert "intitule" not in form.fields
    form["statut"] = Statut.EN_COURS
    form["avancement"] = "40"
    form["commentaire"] = "Devis demandé"
    reponse = form.submit().follow()
    assert "enregistrée" in reponse
    action.refresh_from_db()
    assert (action.statut, action.avancement) == (Statut.EN_COURS, 40)
    assert action.commentaires.get().texte == "Devis demandé"


def test_modifier_l_action_avancement_invalide_rien_d_ecrit(app, correspondant, service):
    action = ActionFactory(service_pilote=service)
    form = formulaire(app.get(reverse("plan_actions:modifier", args=[action.pk]), user=correspondant), "avancement")
    form["avancement"] = "150"
    reponse = form.submit()
    assert reponse.status_code == 200 and "Le formulaire contient" in reponse
    action.refresh_from_db()
    assert action.avancement == 0


def test_creer_une_action(app, referent, service):
    page = app.get(reverse("plan_actions:creer"), user=referent)
    form = formulaire(page, "intitule")
    form["intitule"] = "Afficher les horaires du PAN"
    form["service_pilote"] = str(service.pk)
    form["echeance"] = "30/06/2024"
    reponse = form.submit()
    action = Action.objects.get(intitule="Afficher les horaires du PAN")
    assert reponse["Location"] == reverse("plan_actions:detail", args=[action.pk])
    assert f"Action {action.reference} créée." in reponse.follow()


def test_creer_une_action_sans_intitule_rien_d_ecrit(app, referent):
    form = formulaire(app.get(reverse("plan_actions:creer"), user=referent), "intitule")
    reponse = form.submit()
    assert reponse.status_code == 200 and "Le formulaire contient" in reponse
    assert not Action.objects.exists()


def test_commenter_depuis_la_fiche(app, correspondant, service):
    action = ActionFactory(service_pilote=service)
    form = formulaire(app.get(reverse("plan_actions:detail", args=[action.pk]), user=correspondant), "texte")
    form["texte"] = "Relance du prestataire"
    reponse = form.submit().follow()
    assert "Commentaire ajouté au journal." in reponse and "Relance du prestataire" in reponse


def test_mise_a_jour_rapide_depuis_mes_actions(app, correspondant, service):
    action = ActionFactory(service_pilote=service, statut=Statut.A_LANCER)
    page = app.get(reverse("plan_actions:mes_actions"), user=correspondant)
    form = formulaire(page, f"a{action.pk}-statut")
    form[f"a{action.pk}-statut"] = Statut.EN_COURS
    form[f"a{action.pk}-avancement"] = "20"
    reponse = form.submit().follow()
    assert f"Action {action.reference} mise à jour." in reponse
    action.refresh_from_db()
    assert (action.statut, action.avancement) == (Statut.EN_COURS, 20)


def test_filtrer_la_liste(app, service):
    ActionFactory(intitule="Afficher les horaires", service_pilote=service)
    ActionFactory(intitule="Réduire les appels perdus")
    form = formulaire(app.get(reverse("plan_actions:liste"), user=UtilisateurFactory()), "service", "statut")
    form["service"] = str(service.pk)
    reponse = form.submit()
    assert "Afficher les horaires" in reponse and "Réduire les appels perdus" not in reponse
