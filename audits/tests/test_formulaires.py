"""Les formulaires des audits soumis tels qu'affichés (WebTest) : adresse, champs, valeurs par défaut."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from webtest import Upload

from audits.models import Audit, Constat, Etat, Suite
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.models import Action
from tests_outils.formulaires import formulaire, soumettre

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "observations_audit_2023.csv"


@pytest.fixture
def referent():
    return UtilisateurFactory(referent=True)


def test_creer_puis_modifier_un_audit(app, referent):
    modele = AuditFactory()
    reponse = soumettre(
        app,
        reverse("audits:audit_create"),
        referent,
        {"type": "suivi", "date_debut": "2024-06-10", "site": modele.site_id, "referentiel": modele.referentiel_id},
    )
    audit = Audit.objects.exclude(pk=modele.pk).get()
    assert reponse["Location"] == reverse("audits:audit_detail", args=[audit.pk])
    reponse = soumettre(app, reverse("audits:audit_update", args=[audit.pk]), referent, {"conclusion": "maintenu"})
    assert reponse.status_code == 302
    audit.refresh_from_db()
    assert (audit.conclusion, audit.type) == ("maintenu", "suivi")


def test_creer_un_audit_sans_date_rien_d_ecrit(app, referent):
    reponse = soumettre(app, reverse("audits:audit_create"), referent, {"type": "suivi", "date_debut": ""})
    assert reponse.status_code == 200 and "Le formulaire contient" in reponse
    assert not Audit.objects.exists()


def test_comparer_deux_audits(app, referent):
    ancien = AuditFactory(date_debut="2021-09-01")
    recent = AuditFactory(site=ancien.site, referentiel=ancien.referentiel, date_debut="2023-01-16")
    page = app.get(reverse("audits:audit_detail", args=[recent.pk]), user=referent)
    form = formulaire(page, "autre")
    form["autre"] = str(ancien.pk)
    assert "Suite des constats de l'audit antérieur" in form.submit()


def test_importer_le_tableau_de_l_auditeur_apercu_puis_confirmation(app, referent):
    audit = AuditFactory()
    apercu = soumettre(app, reverse("audits:audit_import", args=[audit.pk]), referent, {"fichier": Upload(str(SEED))})
    assert "Aperçu : rien n'est encore enregistré" in apercu and not Constat.objects.exists()
    confirmation = formulaire(apercu, "jeton").submit()
    assert confirmation.status_code == 302 and audit.constats.count() == 17


def test_creer_puis_corriger_un_constat(app, referent):
    audit = AuditFactory()
    reponse = soumettre(
        app,
        reverse("audits:constat_create", args=[audit.pk]),
        referent,
        {"numero": "18", "portee": "pilotage", "nature": "nc_mineure", "texte": "Écart constaté"},
    )
    constat = audit.constats.get()
    assert reponse["Location"] == reverse("audits:constat_detail", args=[constat.pk])
    soumettre(app, reverse("audits:constat_update", args=[constat.pk]), referent, {"texte": "Écart corrigé"})
    constat.refresh_from_db()
    assert constat.texte == "Écart corrigé"


def test_creer_l_action_d_un_constat_formulaire_prerempli(app, referent):
    constat = ConstatFactory(numero=12, texte="Intégrer les RETEX au plan")
    service = ServiceFactory()
    reponse = soumettre(
        app, reverse("audits:constat_action", args=[constat.pk]), referent, {"service_pilote": service.pk}
    )
    assert reponse.status_code == 302
    action = Action.objects.get()
    assert action.intitule == "Intégrer les RETEX au plan" and action.service_pilote == service
    constat.refresh_from_db()
    assert (constat.etat, constat.suite) == (Etat.TRAITE, Suite.ACTION)


def test_decider_pas_d_action(app, referent):
    constat = ConstatFactory()
    url = reverse("audits:constat_decision", args=[constat.pk])
    invalide = soumettre(app, url, referent, {"justification": ""})
    assert invalide.status_code == 200 and "Le formulaire contient" in invalide
    soumettre(app, url, referent, {"justification": "Déjà couvert par l'action 2022-014"})
    constat.refresh_from_db()
    assert (constat.suite, constat.etat) == (Suite.SANS_ACTION, Etat.TRAITE)


def _cycle_a_renouveler():
    """Un cycle Qual-e-Pref 2019 au périmètre {1, 7} et l'audit de renouvellement de janvier 2023 de son site."""
    from engagements.tests.factories import CycleLabelFactory, PerimetreFactory

    cycle = CycleLabelFactory(referentiel__qual_e_pref=True, date_obtention="2019-12-18")
    perimetre = PerimetreFactory(cycle=cycle, modules_1_et_7=True)
    perimetre.modules.filter(numero=1).update(type="obligatoire")
    audit = AuditFactory(
        site=cycle.site,
        referentiel=cycle.referentiel,
        perimetre=perimetre,
        type="renouvellement",
        date_debut="2023-01-16",
    )
    return cycle, perimetre, audit


def test_renouveler_le_label_depuis_la_page_du_cycle(app, referent):
    from engagements.models import CycleLabel, TypeEcheance
    from engagements.tests.factories import EcheanceCycleFactory

    cycle, perimetre, audit = _cycle_a_renouveler()
    prevu = EcheanceCycleFactory(cycle=cycle, type=TypeEcheance.RENOUVELLEMENT, date_prevue="2023-01-01")
    fiche = app.get(reverse("engagements:cycle_detail", args=[cycle.pk]), user=referent)
    page = fiche.click(description="Renouveler le label")
    form = formulaire(page, "audit", "conclusion", "modules")
    assert form["audit"].value == str(audit.pk)  # l'audit de renouvellement du site, proposé d'office
    assert sorted(c._value for c in form.fields["modules"] if c.checked) == sorted(
        str(m.pk) for m in perimetre.modules.all()
    )  # le périmètre du cycle en cours, copié
    form["conclusion"] = "accorde"
    form["date_obtention"] = "31/01/2023"
    form["date_fin_validite"] = "31/01/2026"
    reponse = form.submit()
    nouveau = CycleLabel.objects.exclude(pk=cycle.pk).get()
    assert reponse["Location"] == reverse("engagements:cycle_detail", args=[nouveau.pk])
    assert "Label renouvelé le 31/01/2023, valable jusqu" in reponse.follow()
    audit.refresh_from_db()
    prevu.refresh_from_db()
    assert (audit.conclusion, audit.echeance, prevu.date_realisation) == ("accorde", prevu, audit.date_debut)
    assert {m.numero for m in nouveau.perimetres.get().modules.all()} == {1, 7}
    assert sorted(nouveau.echeances.values_list("type", "date_prevue")) == [
        ("renouvellement", datetime.date(2026, 1, 31)),
        ("suivi", datetime.date(2024, 7, 31)),
    ]


def test_renouveler_sans_module_obligatoire_rien_d_ecrit(app, referent):
    from engagements.models import CycleLabel

    cycle, perimetre, audit = _cycle_a_renouveler()
    url = reverse("audits:label_renouveler", args=[cycle.pk])
    module_7 = str(perimetre.modules.get(numero=7).pk)
    valeurs = {"conclusion": "accorde", "date_obtention": "31/01/2023", "date_fin_validite": "31/01/2026"}
    reponse = soumettre(app, url, referent, {**valeurs, "modules": [module_7]})
    assert "Le module 1 (obligatoire) doit faire partie du périmètre." in reponse
    audit.refresh_from_db()
    assert CycleLabel.objects.count() == 1 and audit.conclusion == "" and audit.echeance is None
