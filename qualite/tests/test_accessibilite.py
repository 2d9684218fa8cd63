"""L'auto-audit RGAA 4.1 du dépôt et la déclaration d'accessibilité générée depuis lui (modèle légal)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from organisation.tests.factories import PrefectureFactory, UtilisateurFactory
from qualite import accessibilite
from qualite.accessibilite import AuditInvalide, audit, lire
from qualite.formatage import pourcent


def test_l_audit_couvre_les_106_criteres_avec_verdict_et_methode():
    resultat = lire()
    assert len(resultat.criteres) == 106
    assert [critere.numero for critere in resultat.criteres][:3] == ["1.1", "1.2", "1.3"]
    assert resultat.criteres[-1].numero == "13.12"
    assert all(critere.methode and critere.verdict in ("C", "NC", "NA") for critere in resultat.criteres)
    assert len(resultat.echantillon) >= 10 and resultat.date


def test_taux_et_etat_calcules_sur_les_criteres_applicables():
    resultat = lire()
    conformes, applicables = len(resultat.par_verdict("C")), len(resultat.applicables)
    assert applicables == 106 - len(resultat.par_verdict("NA"))
    assert float(resultat.taux) == pytest.approx(100 * conformes / applicables, abs=0.05)
    assert resultat.etat == ("totalement conforme" if conformes == applicables else "partiellement conforme")


@pytest.mark.parametrize(
    ("remplacement", "message"),
    [
        (('"1.9" = {', '"1.99" = {'), "Critères manquants : ['1.9']"),
        (('verdict = "NA", methode = "aucun CAPTCHA" }', 'verdict = "X", methode = "m" }'), "verdict « X »"),
        (('verdict = "C", methode = "axe (link-name) sur chaque page" }', 'verdict = "NC", methode = "m" }'), "défaut"),
    ],
)
def test_un_audit_incomplet_est_refuse_en_nommant_le_critere(tmp_path, remplacement, message):
    texte = accessibilite.FICHIER.read_text(encoding="utf-8")
    assert remplacement[0] in texte
    fichier = tmp_path / "audit.toml"
    fichier.write_text(texte.replace(remplacement[0], remplacement[1], 1), encoding="utf-8")
    with pytest.raises(AuditInvalide, match=re.escape(message)):
        lire(fichier)


@pytest.mark.django_db
def test_la_declaration_suit_le_modele_legal(client):
    resultat = audit()
    page = unescape(client.get(reverse("accessibilite")).content.decode())
    texte = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    etat = f"est {resultat.etat} avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1"
    assert etat in texte
    assert f"révèle que {pourcent(resultat.taux, 1)} des critères".replace("\xa0", " ") in texte
    assert f"Cette déclaration a été établie le {resultat.date:%d/%m/%Y}." in texte
    for titre in (
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Technologies utilisées",
        "Environnement de test",
        "Outils pour évaluer l'accessibilité",
        "Pages de l'application ayant fait l'objet de la vérification de conformité",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert titre in texte, titre
    for critere in resultat.non_conformites:
        assert f"Critère {critere.numero}" in texte
    for page_auditee in resultat.echantillon:
        assert page_auditee.nom in texte
    # Les quatre moyens de joindre le Défenseur des droits.
    assert "formulaire en ligne du Défenseur des droits" in texte
    assert "délégué du Défenseur des droits dans votre région" in texte
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in texte
    assert "09 69 39 00 00" in texte
    # La grille : chaque critère, son verdict et sa méthode.
    assert page.count('<th scope="row">') == 106
    assert f"Accessibilité : {resultat.etat}" in texte  # le pied de page dit la même chose


@pytest.mark.django_db
def test_la_declaration_donne_le_contact_saisi(client):
    PrefectureFactory(contact_courriel="qualite@exemple.gouv.fr", contact_telephone="01 02 03 04 05")
    texte = client.get(reverse("accessibilite")).content.decode()
    assert 'Courriel : <a href="mailto:qualite@exemple.gouv.fr">' in texte
    assert "Téléphone : 01 02 03 04 05" in texte


@pytest.mark.django_db
def test_plan_du_site_liste_le_menu_du_compte_et_les_pages_publiques(client):
    anonyme = client.get(reverse("plan_du_site")).content.decode()
    assert reverse("resultats:index") in anonyme and reverse("login") in anonyme
    client.force_login(UtilisateurFactory(username="copil-plan"))
    page = client.get(reverse("plan_du_site"))
    contenu = unescape(page.content.decode())
    for entree in page.context["navigation"]:
        assert f'<a href="{entree["url"]}">{entree["libelle"]}</a>' in contenu
    assert page.context["navigation"]
    assert reverse("plan_du_site") in contenu  # le lien du pied de page, sur chaque page
