"""Les formulaires des indicateurs soumis tels qu'affichés (WebTest) : saisie du mois, de l'année, import."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from webtest import Upload

from indicateurs.models import Mesure
from organisation.tests.factories import UtilisateurFactory
from tests_outils.formulaires import formulaire, soumettre

from .factories import IndicateurFactory, MesureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_saisie_mensuelle(app, referent):
    appels = IndicateurFactory(code="appels", libelle="Taux d'appels perdus")
    pan = IndicateurFactory(code="pan", libelle="Fréquentation PAN", nombre=True)
    url = f"{reverse('indicateurs:saisie_mensuelle')}?mois=2023-10"
    valeurs = {f"i{appels.pk}-numerateur": "25", f"i{appels.pk}-denominateur": "300", f"i{pan.pk}-valeur": "1 234"}
    reponse = soumettre(app, url, referent, valeurs)
    assert reponse.status_code == 302 and "2 mesures enregistrées" in reponse.follow()
    assert Mesure.objects.get(indicateur=appels, annee=2023, mois=10).numerateur == D(25)
    assert Mesure.objects.get(indicateur=pan).valeur == D(1234)


def test_saisie_mensuelle_invalide_rien_d_ecrit(app, referent):
    appels = IndicateurFactory(code="appels", libelle="Taux d'appels perdus")
    url = f"{reverse('indicateurs:saisie_mensuelle')}?mois=2023-10"
    reponse = soumettre(app, url, referent, {f"i{appels.pk}-numerateur": "400", f"i{appels.pk}-denominateur": "300"})
    assert reponse.status_code == 200 and "le numérateur ne peut pas dépasser le dénominateur" in reponse
    assert not Mesure.objects.exists()


def test_saisie_de_l_annee(app, referent):
    appels = IndicateurFactory(code="appels")
    url = reverse("indicateurs:saisie_annee", args=["appels", 2023])
    reponse = soumettre(app, url, referent, {"p0-2-numerateur": "7", "p0-2-denominateur": "70"})
    assert reponse.status_code == 302
    assert Mesure.objects.get(indicateur=appels, mois=2).denominateur == D(70)


def test_importer_des_mesures(app, referent):
    appels = IndicateurFactory(code="appels_perdus")
    contenu = (
        "Indicateur;Période;Numérateur;Dénominateur;Valeur;Provisoire;Commentaire\nappels_perdus;2023-03;8;100;;;\n"
    )
    apercu = soumettre(app, reverse("indicateurs:import"), referent, {"fichier": Upload("m.csv", contenu.encode())})
    assert "Aperçu : rien n'est encore enregistré" in apercu and not Mesure.objects.exists()
    formulaire(apercu, "jeton").submit()
    assert Mesure.objects.get(indicateur=appels, mois=3).numerateur == D(8)


def test_un_mois_hors_cible_propose_son_action_corrective(app, referent):
    """Août hors cible (14,65 % pour ≤ 10 %) alors que le cumul respecte la cible : l'action se crée en un clic."""
    from plan_actions.models import Action, Origine

    appels = IndicateurFactory(code="appels_perdus", libelle="Taux d'appels perdus", cible=D(10))
    for mois in range(1, 11):
        MesureFactory(
            indicateur=appels, annee=2023, mois=mois, numerateur=D("14.65") if mois == 8 else D(6), denominateur=100
        )
    page = app.get(f"{reverse('indicateurs:detail', args=['appels_perdus'])}?annee=2023", user=referent)
    assert "Sans cible" not in page  # l'indicateur a une cible ; novembre et décembre : « non saisi »
    boutons = [f for f in page.forms.values() if "mois" in f.fields]
    assert [f["mois"].value for f in boutons] == ["8"]
    reponse = boutons[0].submit().follow()
    action = Action.objects.get()
    assert action.origine == Origine.INDICATEUR and "août 2023" in action.origine_libelle
    assert "14,65" in action.description and action.reference in reponse
    assert not [f for f in reponse.forms.values() if "mois" in f.fields]


def test_une_annee_sans_mesure_le_dit(app, referent):
    IndicateurFactory(code="appels_perdus", cible=D(10))
    page = app.get(f"{reverse('indicateurs:detail', args=['appels_perdus'])}?annee=2019", user=referent)
    assert "Aucune mesure n'est saisie pour 2019." in page and "Sans cible" not in page


def test_creer_puis_modifier_un_indicateur(app, referent):
    from indicateurs.models import Indicateur

    valeurs = {
        "code": "appels_perdus_standard",
        "libelle": "Taux d'appels perdus du standard",
        "type_calcul": "ratio",
        "unite": "%",
        "sens": "max",
        "cible": "10",
        "periodicite": "mensuelle",
    }
    reponse = soumettre(app, reverse("indicateurs:creer"), referent, valeurs)
    assert reponse.status_code == 302
    indicateur = Indicateur.objects.get(code="appels_perdus_standard")
    assert (indicateur.type_calcul, indicateur.sens, indicateur.cible) == ("ratio", "max", D("10"))
    url = reverse("indicateurs:modifier", args=[indicateur.code])
    reponse = soumettre(app, url, referent, {"cible": "8", "seuil_alerte": "7"})
    assert reponse.status_code == 302, reponse.text[reponse.text.find("fr-error-text") :][:300]
    indicateur.refresh_from_db()
    assert (indicateur.cible, indicateur.seuil_alerte, indicateur.libelle) == (
        D("8"),
        D("7"),
        "Taux d'appels perdus du standard",
    )


def test_indicateur_sans_libelle_rien_d_ecrit(app, referent):
    from indicateurs.models import Indicateur

    reponse = soumettre(app, reverse("indicateurs:creer"), referent, {"code": "sans_libelle", "libelle": ""})
    assert reponse.status_code == 200
    assert not Indicateur.objects.filter(code="sans_libelle").exists()
