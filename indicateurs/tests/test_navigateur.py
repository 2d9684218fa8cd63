"""La grille de saisie comme un tableur, dans Chromium : coller un bloc 3 × 12 puis enregistrer ; taper une valeur
et voir son taux et son statut avant d'enregistrer ; Entrée descend ; axe sur chaque page."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicateurs.models import Mesure
from organisation.tests.factories import MOT_DE_PASSE_TEST, UtilisateurFactory
from tests_outils.navigateur import decrire, se_connecter, violations_axe

from .factories import IndicateurFactory, MesureFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

COLLER = """([selecteur, texte]) => {
  const cellule = document.querySelector(selecteur);
  cellule.focus();
  const donnees = new DataTransfer();
  donnees.setData("text/plain", texte);
  cellule.dispatchEvent(new ClipboardEvent("paste", {clipboardData: donnees, bubbles: true, cancelable: true}));
}"""


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referent-grille", referent=True)


def test_coller_un_bloc_de_3_colonnes_sur_12_mois_puis_enregistrer(live_server, navigateur, referent):
    IndicateurFactory(code="appels", libelle="Taux d'appels perdus", cible=D(10), sens="max")
    page = navigateur.new_page()
    se_connecter(page, live_server.url, referent.username, MOT_DE_PASSE_TEST)
    page.goto(f"{live_server.url}{reverse('indicateurs:saisie_annee', args=['appels', 2023])}")
    assert not violations_axe(page), decrire(violations_axe(page))
    # Un bloc copié d'Excel : appels perdus, appels reçus, commentaire ; une ligne par mois.
    bloc = "\r\n".join(f"{mois + 4}\t{100 + mois}\tmois {mois}" for mois in range(1, 13)) + "\r\n"
    page.evaluate(COLLER, ["#id_p0-1-numerateur", bloc])
    assert page.locator("#id_p0-12-denominateur").input_value() == "112"
    assert page.locator("#id_p0-12-commentaire").input_value() == "mois 12"
    page.wait_for_function(
        "document.getElementById('annonce-grille').textContent"
        " === 'Bloc collé : 12 ligne(s) sur 3 colonne(s), 36 cellule(s) remplie(s).'"
    )
    # Janvier : 5 / 101 = 4,95 %, sous la cible de 10 %.
    premiere = page.locator("tbody tr").first
    assert premiere.locator("[data-valeur]").inner_text() == "4,95\u00a0%"
    assert premiere.locator("[data-statut]").text_content().strip() == "Atteint"
    assert not Mesure.objects.exists()
    # Entrée descend d'une ligne, dans la même colonne.
    page.locator("#id_p0-1-denominateur").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_p0-2-denominateur"
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("load")
    mesures = Mesure.objects.filter(indicateur__code="appels", annee=2023).order_by("mois")
    assert [(m.mois, m.numerateur, m.denominateur, m.commentaire) for m in mesures] == [
        (mois, D(mois + 4), D(100 + mois), f"mois {mois}") for mois in range(1, 13)
    ]


def test_valeur_tapee_donne_taux_et_statut_avant_enregistrement(live_server, navigateur, referent):
    indicateur = IndicateurFactory(
        code="appels", libelle="Taux d'appels perdus", cible=D(10), sens="max", seuil_alerte=D(8)
    )
    MesureFactory(indicateur=indicateur, annee=2022, mois=10, numerateur=D(7), denominateur=D(100))
    MesureFactory(indicateur=indicateur, annee=2023, mois=1, numerateur=D(7), denominateur=D(100))
    page = navigateur.new_page()
    se_connecter(page, live_server.url, referent.username, MOT_DE_PASSE_TEST)
    numerateur, denominateur = f"#id_i{indicateur.pk}-numerateur", f"#id_i{indicateur.pk}-denominateur"
    page.goto(f"{live_server.url}{reverse('indicateurs:saisie_mensuelle')}")
    # Le choix du mois et de l'année, sans cliquer 36 fois « Mois précédent ».
    page.get_by_label("Mois à saisir").fill("2023-10")
    page.get_by_role("button", name="Afficher ce mois").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Saisie mensuelle : octobre 2023"
    assert not violations_axe(page), decrire(violations_axe(page))
    ligne = page.locator("tbody tr").first
    assert ligne.locator("td").nth(5).inner_text() == "7\u00a0%"  # octobre 2022
    page.locator(numerateur).fill("12")
    page.locator(denominateur).fill("150")
    assert ligne.locator("[data-valeur]").inner_text() == "8\u00a0%"
    assert ligne.locator("[data-statut]").text_content().strip() == "Atteint"
    page.locator(numerateur).fill("13,5")
    assert ligne.locator("[data-valeur]").inner_text() == "9\u00a0%"
    assert ligne.locator("[data-statut]").text_content().strip() == "Alerte"
    page.locator(numerateur).fill("18")
    assert ligne.locator("[data-valeur]").inner_text() == "12\u00a0%"
    assert ligne.locator("[data-statut]").text_content().strip() == "Hors cible"
    assert not Mesure.objects.filter(annee=2023, mois=10).exists()
    # Les mois encore à saisir de l'année sont liés : février manque, janvier non.
    manquants = page.locator("section[aria-labelledby=titre-manquants]")
    assert manquants.get_by_role("link", name="février").get_attribute("href") == "?mois=2023-02"
    assert manquants.get_by_role("link", name="janvier").count() == 0
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("load")
    assert Mesure.objects.get(annee=2023, mois=10).numerateur == D(18)
