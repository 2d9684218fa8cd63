"""Les formulaires des référentiels et du label soumis tels qu'affichés (WebTest)."""

import datetime

import pytest
from django.urls import reverse
from webtest import Upload

from engagements.models import Autodiagnostic, CycleLabel, Engagement, Module, Perimetre, Referentiel
from organisation.tests.factories import ServiceFactory, SiteFactory, UtilisateurFactory
from tests_outils.formulaires import formulaire, soumettre

from .factories import (
    PDF_MINIMAL,
    CycleLabelFactory,
    EcheanceCycleFactory,
    EngagementFactory,
    ModuleFactory,
    ReferentielFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


@pytest.fixture
def qual_e_pref():
    referentiel = ReferentielFactory(code="qual-e-pref", titre="Qual-e-Pref", version="2019", qual_e_pref=True)
    module_1 = ModuleFactory(referentiel=referentiel, numero=1, titre="Relation générale", type="obligatoire")
    ModuleFactory(referentiel=referentiel, numero=7, titre="Communication d'urgence")
    EngagementFactory(module=module_1, numero=1, libelle="Nous vous informons")
    return referentiel


def test_creer_modifier_et_versionner_un_referentiel(app, referent, qual_e_pref):
    valeurs = {"titre": "Quali-ATE", "code": "quali-ate", "regle_perimetre": "quali_ate"}
    reponse = soumettre(app, reverse("engagements:referentiel_creer"), referent, valeurs)
    referentiel = Referentiel.objects.get(code="quali-ate")
    assert reponse["Location"] == reverse("engagements:referentiel_detail", args=[referentiel.pk])
    url = reverse("engagements:referentiel_modifier", args=[referentiel.pk])
    soumettre(app, url, referent, {"source": "Diaporama du 20/11/2023"})
    referentiel.refresh_from_db()
    assert referentiel.source == "Diaporama du 20/11/2023" and referentiel.titre == "Quali-ATE"
    url = reverse("engagements:referentiel_nouvelle_version", args=[qual_e_pref.pk])
    soumettre(app, url, referent, {"version": "2023"})
    assert Referentiel.objects.get(code="qual-e-pref", version="2023").engagements.count() == 1


def test_referentiel_sans_titre_rien_d_ecrit(app, referent):
    reponse = soumettre(app, reverse("engagements:referentiel_creer"), referent, {"titre": "", "code": "x"})
    assert reponse.status_code == 200 and "Le formulaire contient" in reponse
    assert not Referentiel.objects.exists()


def test_importer_un_referentiel(app, referent, qual_e_pref):
    contenu = "Module,Titre du module,Type,N°,Engagement\n7,Communication d'urgence,optionnel,1,L'activation\n"
    url = reverse("engagements:referentiel_import", args=[qual_e_pref.pk])
    apercu = soumettre(app, url, referent, {"fichier": Upload("r.csv", contenu.encode())})
    assert "Aperçu : rien n'est encore enregistré" in apercu
    formulaire(apercu, "jeton").submit()
    assert qual_e_pref.engagements.filter(module__numero=7, numero=1).exists()


def test_modules_rubriques_et_engagements(app, referent, qual_e_pref):
    soumettre(
        app, reverse("engagements:module_creer", args=[qual_e_pref.pk]), referent, {"numero": "2", "type": "optionnel"}
    )
    module = qual_e_pref.modules.get(numero=2)
    soumettre(app, reverse("engagements:module_modifier", args=[module.pk]), referent, {"titre": "Délivrance"})
    module.refresh_from_db()
    assert module.titre == "Délivrance"
    soumettre(app, reverse("engagements:rubrique_creer", args=[module.pk]), referent, {"titre": "Accueil"})
    assert module.rubriques.get().titre == "Accueil"
    service = ServiceFactory()
    url = reverse("engagements:engagement_creer", args=[qual_e_pref.pk])
    valeurs = {"module": module.pk, "numero": "4", "libelle": "Libellé saisi", "services_concernes": [service.pk]}
    soumettre(app, url, referent, valeurs)
    engagement = Engagement.objects.get(module=module, numero=4)
    assert list(engagement.services_concernes.all()) == [service]
    soumettre(app, reverse("engagements:engagement_modifier", args=[engagement.pk]), referent, {"libelle": "Corrigé"})
    engagement.refresh_from_db()
    assert engagement.libelle == "Corrigé" and Module.objects.filter(pk=module.pk).exists()


def test_autodiagnostic_et_preuve_depuis_la_fiche_de_l_engagement(app, referent, qual_e_pref):
    engagement = qual_e_pref.engagements.get()
    fiche = app.get(reverse("engagements:engagement_detail", args=[engagement.pk]), user=referent)
    form = formulaire(fiche.click(description="Évaluer l'engagement"), "niveau")
    form["niveau"] = "partiel"
    form["date"] = "02/03/2023"
    form.submit()
    assert Autodiagnostic.objects.get().niveau == "partiel"
    form = formulaire(fiche.click(description="Ajouter une preuve"), "titre", "fichier")
    form["titre"] = "Affiche des horaires"
    form["date"] = "01/03/2023"
    form["fichier"] = Upload("horaires.pdf", PDF_MINIMAL)
    assert form.submit().status_code == 302
    assert engagement.preuves.get().titre == "Affiche des horaires"


def test_cycle_perimetre_et_audit_prevu(app, referent, qual_e_pref):
    site = SiteFactory()
    valeurs = {"site": site.pk, "referentiel": qual_e_pref.pk, "date_obtention": "18/12/2019"}
    soumettre(app, reverse("engagements:cycle_creer"), referent, valeurs)
    cycle = CycleLabel.objects.get()
    soumettre(app, reverse("engagements:cycle_modifier", args=[cycle.pk]), referent, {"organisme": "Certificateur"})
    cycle.refresh_from_db()
    assert cycle.organisme == "Certificateur" and cycle.date_obtention == datetime.date(2019, 12, 18)
    modules = [str(m.pk) for m in qual_e_pref.modules.all()]
    url = reverse("engagements:perimetre_modifier", args=[cycle.pk])
    soumettre(app, url, referent, {"modules": modules, "date": "04/02/2019"})
    assert {m.numero for m in Perimetre.objects.get().modules.all()} == {1, 7}
    echeance = EcheanceCycleFactory(cycle=CycleLabelFactory(referentiel=qual_e_pref))
    soumettre(
        app, reverse("engagements:echeance_modifier", args=[echeance.pk]), referent, {"date_prevue": "01/09/2021"}
    )
    echeance.refresh_from_db()
    assert echeance.date_prevue == datetime.date(2021, 9, 1)


def test_perimetre_sans_module_obligatoire_rien_d_ecrit(app, referent, qual_e_pref):
    cycle = CycleLabelFactory(referentiel=qual_e_pref)
    modules = [str(qual_e_pref.modules.get(numero=7).pk)]
    url = reverse("engagements:perimetre_modifier", args=[cycle.pk])
    reponse = soumettre(app, url, referent, {"modules": modules, "date": "04/02/2019"})
    assert "Le module 1 (obligatoire) doit faire partie du périmètre." in reponse
    assert not Perimetre.objects.exists()
