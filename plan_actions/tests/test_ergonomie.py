"""Ergonomie du plan d'actions : colonnes prioritaires, boutons avec leur libellé, « Mes actions » en cartes
filtrées sur les ouvertes, avancement jamais changé sans le dire."""

import pytest
from django.urls import reverse

from organisation.tests.factories import PrefectureFactory, UtilisateurFactory
from organisation.tests.test_choix import arbre_de_services
from plan_actions.forms import ActionForm
from plan_actions.models import Statut
from tests_outils.formulaires import formulaire

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


def _texte(page) -> str:
    return page.html.get_text(" ")


def test_liste_colonnes_prioritaires_et_boutons_libelles(app, referent, service):
    ActionFactory(intitule="Afficher les horaires", service_pilote=service)
    page = app.get(reverse("plan_actions:liste"), user=referent)
    entetes = [th.get_text(" ", strip=True) for th in page.html.select("table thead th")]
    assert entetes == ["N°", "Intitulé", "Service pilote", "Échéance", "Statut", "Avancement"]
    for groupe in page.html.select("main ul.fr-btns-group"):
        if groupe.select('[class*="fr-icon-"]'):
            assert "fr-btns-group--icon-left" in groupe["class"], groupe
    exports = [lien.get_text(strip=True) for lien in page.html.select('a[href*="format="]')]
    assert exports == [
        "Exporter en tableur Excel (xlsx)",
        "Exporter en texte CSV (csv)",
        "Exporter en tableur LibreOffice (ods)",
    ]
    classes = [set(lien["class"]) for lien in page.html.select('a[href*="format="]')]
    assert classes[0] != classes[1]  # deux boutons qui ne se ressemblent pas


def test_mes_actions_ouvertes_par_defaut_puis_toutes(app, correspondant, service):
    ouverte = ActionFactory(intitule="Réduire les appels perdus", service_pilote=service, statut=Statut.EN_COURS)
    ActionFactory(intitule="Action déjà réalisée", service_pilote=service, realisee=True)
    page = app.get(reverse("plan_actions:mes_actions"), user=correspondant)
    assert "Réduire les appels perdus" in _texte(page) and "Action déjà réalisée" not in _texte(page)
    assert "Ouvertes : 1" in _texte(page) and "Toutes, closes comprises : 2" in _texte(page)
    toutes = page.click("Toutes, closes comprises")
    assert "Action déjà réalisée" in _texte(toutes)
    carte = page.html.select_one(f"article[aria-labelledby=titre-action-{ouverte.pk}]")
    enfants = [enfant.name for enfant in carte.find_all(recursive=False)]
    assert enfants == ["h2", "p", "form"]  # le titre d'abord, puis la mise à jour, dans sa propre carte


def test_realisee_a_40_pourcent_le_dit(app, correspondant, service):
    action = ActionFactory(service_pilote=service, statut=Statut.EN_COURS, avancement=30)
    page = app.get(reverse("plan_actions:mes_actions"), user=correspondant)
    form = formulaire(page, f"a{action.pk}-statut")
    form[f"a{action.pk}-statut"] = Statut.REALISEE
    form[f"a{action.pk}-avancement"] = "40"
    reponse = form.submit().follow()
    assert (
        f"Action {action.reference} : Avancement porté de 40 % à 100 % : une action « Réalisée » est achevée."
        in _texte(reponse)
    )
    action.refresh_from_db()
    assert (action.statut, action.avancement) == (Statut.REALISEE, 100)


def test_realisee_a_40_pourcent_depuis_la_fiche_le_dit(app, correspondant, service):
    action = ActionFactory(service_pilote=service, statut=Statut.EN_COURS, avancement=30)
    page = app.get(reverse("plan_actions:modifier", args=[action.pk]), user=correspondant)
    form = formulaire(page, "statut")
    form["statut"] = Statut.REALISEE
    form["avancement"] = "40"
    reponse = form.submit().follow()
    assert "Avancement porté de 40 % à 100 % : une action « Réalisée » est achevée." in _texte(reponse)


def test_realisee_a_100_pourcent_sans_message(app, correspondant, service):
    action = ActionFactory(service_pilote=service, statut=Statut.EN_COURS, avancement=30)
    page = app.get(reverse("plan_actions:mes_actions"), user=correspondant)
    form = formulaire(page, f"a{action.pk}-statut")
    form[f"a{action.pk}-statut"] = Statut.REALISEE
    form[f"a{action.pk}-avancement"] = "100"
    reponse = form.submit().follow()
    assert "Avancement porté" not in _texte(reponse)


def test_formulaire_d_action_groupe_et_choix_vide():
    arbre_de_services()
    form = ActionForm()
    choix = form.fields["service_pilote"].choices
    assert choix[0] == ("", "— Choisir —")
    html = str(form["service_pilote"])
    assert '<optgroup label="Préfecture › Direction des relations avec les collectivités locales (DRCL)">' in html
    assert "---------" not in html


def test_page_de_creation_d_action_soumise_avec_un_service_groupe(app):
    arbre = arbre_de_services()
    PrefectureFactory()
    referent = UtilisateurFactory(referent=True)
    page = app.get(reverse("plan_actions:creer"), user=referent)
    form = formulaire(page, "intitule")
    form["intitule"] = "Afficher les horaires"
    form["service_pilote"] = str(arbre["legalite"].pk)
    reponse = form.submit()
    assert reponse.status_code == 302


def test_filtre_cache_sans_libelle_orphelin(app, referent):
    page = app.get(reverse("plan_actions:liste"), {"au": "2023-12-31"}, user=referent)
    libelles = [label.get_text(strip=True) for label in page.html.select("form.qualite-filtres label")]
    assert "Au" not in libelles
    assert page.html.select_one("form.qualite-filtres input[type=hidden][name=au]")["value"] == "2023-12-31"
