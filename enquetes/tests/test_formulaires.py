"""Les formulaires des enquêtes et du registre soumis tels qu'affichés (WebTest)."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse
from webtest import Upload

from enquetes.models import EnqueteMystere, EnqueteSatisfaction, Sollicitation
from indicateurs.tests.factories import IndicateurFactory
from organisation.tests.factories import UtilisateurFactory
from tests_outils.formulaires import formulaire, soumettre

from .factories import EnqueteSatisfactionFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "satisfaction_2022_2023.csv"


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_choisir_l_annee_des_enquetes(app, referent):
    EnqueteSatisfactionFactory(annee=2022, periode="novembre 2022")
    EnqueteSatisfactionFactory(annee=2023, periode="novembre 2023")
    form = formulaire(app.get(reverse("enquetes:enquetes"), user=referent), "annee")
    form["annee"] = "2022"
    assert "novembre 2022" in form.submit()


def test_importer_puis_modifier_l_enquete(app, referent):
    apercu = soumettre(app, reverse("enquetes:enquete_import"), referent, {"fichier": Upload(str(SEED))})
    assert "Aperçu : rien n'est encore enregistré" in apercu
    formulaire(apercu, "jeton").submit()
    assert EnqueteSatisfaction.objects.filter(annee=2023).exists()
    url = reverse("enquetes:enquete_modifier", args=[2023])
    valeurs = {"periode": "du 6 au 13 novembre 2023", "echantillon": "332", "reponses": "86", "mesure": "x"}
    soumettre(app, url, referent, valeurs).follow()
    enquete = EnqueteSatisfaction.objects.get(annee=2023)
    assert (enquete.echantillon, enquete.reponses) == (332, 86)


def test_modifier_l_enquete_invalide_rien_d_ecrit(app, referent):
    EnqueteSatisfactionFactory(annee=2023, echantillon=332, reponses=86)
    url = reverse("enquetes:enquete_modifier", args=[2023])
    reponse = soumettre(app, url, referent, {"echantillon": "10", "reponses": "20"})
    assert "plus de réponses que de personnes sollicitées" in reponse
    assert EnqueteSatisfaction.objects.get().echantillon == 332


def test_creer_puis_modifier_une_enquete_mystere(app, referent):
    valeurs = {"annee": "2023", "intitule": "Standard", "canal": "telephone", "taux_positifs": "93"}
    assert soumettre(app, reverse("enquetes:mystere_creer"), referent, valeurs).status_code == 302
    enquete = EnqueteMystere.objects.get()
    soumettre(app, reverse("enquetes:mystere_modifier", args=[enquete.pk]), referent, {"taux_positifs": "85"})
    enquete.refresh_from_db()
    assert enquete.taux_positifs == D(85)


def test_registre_ajouter_modifier_et_brancher(app, referent):
    valeurs = {
        "type": "reclamation",
        "recue_le": "31/10/2023",
        "canal": "courriel",
        "objet": "permis",
        "resume": "Permis",
        "reponse": "Réponse",
        "repondue_le": "06/11/2023",
    }
    soumettre(app, reverse("enquetes:sollicitation_creer"), referent, valeurs)
    sollicitation = Sollicitation.objects.get()
    url = reverse("enquetes:sollicitation_modifier", args=[sollicitation.pk])
    soumettre(app, url, referent, {"recue_le": "02/11/2023"})
    sollicitation.refresh_from_db()
    assert sollicitation.recue_le == date(2023, 11, 2)
    indicateur = IndicateurFactory(code="reclamations_taux_reponse", libelle="Taux de réponse aux réclamations")
    form = formulaire(app.get(reverse("enquetes:ecoute"), user=referent), "indicateur", "actif")
    form["indicateur"] = str(indicateur.pk)
    form["actif"] = True
    assert form.submit().status_code == 302
    indicateur.refresh_from_db()
    assert indicateur.source_registre
