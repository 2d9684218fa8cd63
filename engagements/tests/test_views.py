import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organisation.tests.factories import ServiceFactory, SiteFactory, UtilisateurFactory

from ..liens import _SECTIONS, enregistrer_section
from ..models import Autodiagnostic, CycleLabel, Engagement, Module, Perimetre, Referentiel, TypeEcheance
from .factories import (
    AutodiagnosticFactory,
    CycleLabelFactory,
    EcheanceCycleFactory,
    EngagementFactory,
    ModuleFactory,
    PerimetreFactory,
    ReferentielFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent(client):
    utilisateur = UtilisateurFactory(referent=True)
    client.force_login(utilisateur)
    return utilisateur


@pytest.fixture
def qual_e_pref():
    referentiel = ReferentielFactory(code="qual-e-pref", titre="Qual-e-Pref", version="2019", qual_e_pref=True)
    module_1 = ModuleFactory(
        referentiel=referentiel, numero=1, titre="Relation générale avec les usagers", type="obligatoire"
    )
    ModuleFactory(referentiel=referentiel, numero=7, titre="Communication d'urgence")
    EngagementFactory(module=module_1, numero=1, libelle="Nous vous informons sur les conditions de fonctionnement")
    return referentiel


def _message(reponse) -> str:
    return " ".join(str(m) for m in get_messages(reponse.wsgi_request))


def test_liste_des_referentiels(client, referent, django_assert_max_num_queries):
    for numero in range(5):
        ModuleFactory(referentiel=ReferentielFactory(titre=f"Référentiel {numero}"))
    with django_assert_max_num_queries(8):
        reponse = client.get(reverse("engagements:referentiel_list"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Référentiels (5)" in contenu
    assert "Nouveau référentiel" in contenu


def test_liste_sans_bouton_pour_le_copil(client):
    client.force_login(UtilisateurFactory())
    assert "Nouveau référentiel" not in client.get(reverse("engagements:referentiel_list")).content.decode()


def test_detail_titre_a_saisir_et_engagements(client, referent, qual_e_pref, django_assert_max_num_queries):
    for numero in (3, 4, 5):
        ModuleFactory(referentiel=qual_e_pref, numero=numero, titre="", type="metier")
        EngagementFactory(module=qual_e_pref.modules.get(numero=1), numero=numero)
    with django_assert_max_num_queries(13):  # dont l'identité de la préfecture et la migration qui l'aurait remplacé
        reponse = client.get(reverse("engagements:referentiel_detail", args=[qual_e_pref.pk]))
    contenu = reponse.content.decode()
    assert "titre à saisir par le référent" in contenu
    assert "Nous vous informons sur les conditions de fonctionnement" in contenu
    assert "Aucun engagement saisi" in contenu


def test_creer_un_referentiel(client, referent):
    url = reverse("engagements:referentiel_creer")
    reponse = client.post(
        url, {"titre": "Quali-ATE", "code": "quali-ate", "version": "", "regle_perimetre": "quali_ate"}
    )
    referentiel = Referentiel.objects.get(code="quali-ate")
    assert reponse["Location"] == reverse("engagements:referentiel_detail", args=[referentiel.pk])
    assert "créé" in _message(reponse)
    reponse = client.post(url, {"titre": "", "code": "quali-ate", "version": "", "regle_perimetre": "quali_ate"})
    assert reponse.status_code == 200
    assert "Le formulaire contient" in reponse.content.decode()


def test_modifier_un_referentiel(client, referent, qual_e_pref):
    url = reverse("engagements:referentiel_modifier", args=[qual_e_pref.pk])
    reponse = client.post(
        url,
        {
            "titre": "Qual-e-Pref",
            "code": "qual-e-pref",
            "version": "2019",
            "source": "Circulaire",
            "regle_perimetre": "qual_e_pref",
        },
    )
    assert reponse.status_code == 302
    qual_e_pref.refresh_from_db()
    assert qual_e_pref.source == "Circulaire"


def test_nouvelle_version(client, referent, qual_e_pref):
    url = reverse("engagements:referentiel_nouvelle_version", args=[qual_e_pref.pk])
    assert "les périmètres et audits de la version actuelle" in client.get(url).content.decode()
    reponse = client.post(url, {"version": "2023"})
    copie = Referentiel.objects.get(code="qual-e-pref", version="2023")
    assert reponse["Location"] == reverse("engagements:referentiel_detail", args=[copie.pk])
    assert copie.engagements.count() == 1
    reponse = client.post(url, {"version": "2023"})
    assert "existe déjà" in reponse.content.decode()


@pytest.mark.parametrize(("format", "type_mime"), [("csv", "text/csv"), ("xlsx", "application/vnd.openxml")])
def test_export(client, referent, qual_e_pref, format, type_mime):
    reponse = client.get(reverse("engagements:referentiel_export", args=[qual_e_pref.pk, format]))
    assert reponse["Content-Type"].startswith(type_mime)
    assert f'filename="qual-e-pref-2019.{format}"' in reponse["Content-Disposition"]


def test_export_format_inconnu(client, referent, qual_e_pref):
    assert client.get(reverse("engagements:referentiel_export", args=[qual_e_pref.pk, "pdf"])).status_code == 404


def test_import_apercu_puis_confirmation(client, referent, qual_e_pref):
    url = reverse("engagements:referentiel_import", args=[qual_e_pref.pk])
    contenu = "Module;Titre du module;Type;N°;Engagement\n7;Communication d'urgence;Optionnel;1;L'activation\n"
    reponse = client.post(url, {"fichier": SimpleUploadedFile("r.csv", contenu.encode())})
    assert "Aperçu : rien n'est encore enregistré" in reponse.content.decode()
    assert qual_e_pref.engagements.count() == 1
    reponse = client.post(url, {"jeton": reponse.context["jeton"]})
    assert reponse.status_code == 302
    assert qual_e_pref.engagements.filter(module__numero=7, numero=1, libelle="L'activation").exists()


def test_creer_et_modifier_un_module(client, referent, qual_e_pref):
    url = reverse("engagements:module_creer", args=[qual_e_pref.pk])
    reponse = client.post(url, {"numero": 7, "titre": "", "type": "optionnel"})
    assert "Le module 7 existe déjà dans ce référentiel." in reponse.content.decode()
    reponse = client.post(url, {"numero": 2, "titre": "", "type": "optionnel"})
    assert reponse.status_code == 302
    module = qual_e_pref.modules.get(numero=2)
    reponse = client.post(
        reverse("engagements:module_modifier", args=[module.pk]),
        {"numero": 2, "titre": "Délivrance de titres", "type": "optionnel"},
    )
    module.refresh_from_db()
    assert module.titre == "Délivrance de titres"
    assert "Module enregistré." in _message(reponse)


def test_creer_et_modifier_un_engagement(client, referent, qual_e_pref):
    module_7 = qual_e_pref.modules.get(numero=7)
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    url = reverse("engagements:engagement_creer", args=[qual_e_pref.pk])
    assert "Pôle accueil téléphonique" in client.get(url).content.decode()
    reponse = client.post(
        url, {"module": module_7.pk, "numero": 4, "libelle": "Libellé saisi", "services_concernes": [service.pk]}
    )
    engagement = Engagement.objects.get(module=module_7, numero=4)
    assert reponse["Location"] == reverse("engagements:engagement_detail", args=[engagement.pk])
    assert list(engagement.services_concernes.all()) == [service]
    reponse = client.post(url, {"module": module_7.pk, "numero": 4, "libelle": "Doublon"})
    assert "Le numéro 4 est déjà pris dans ce module." in reponse.content.decode()
    reponse = client.post(
        reverse("engagements:engagement_modifier", args=[engagement.pk]),
        {"module": module_7.pk, "numero": 4, "libelle": "Libellé corrigé"},
    )
    engagement.refresh_from_db()
    assert engagement.libelle == "Libellé corrigé"
    assert not engagement.services_concernes.exists()


def test_page_engagement_et_sections_des_autres_applications(client, referent):
    engagement = EngagementFactory(libelle="A votre écoute pour progresser")
    AutodiagnosticFactory(engagement=engagement, commentaire="Registre tenu")

    def section(engagement_vu, utilisateur):
        return {"titre": "Actions liées (test)", "gabarit": "engagements/_historique.html", "contexte": {}}

    enregistrer_section(ordre=99, fonction=section)
    try:
        reponse = client.get(reverse("engagements:engagement_detail", args=[engagement.pk]))
    finally:
        _SECTIONS[:] = [s for s in _SECTIONS if s.fonction is not section]
    contenu = reponse.content.decode()
    assert "A votre écoute pour progresser" in contenu
    assert "Registre tenu" in contenu
    assert "Actions liées (test)" in contenu
    assert "Aucun service concerné" in contenu


def test_autodiagnostic(client, referent):
    engagement = EngagementFactory()
    AutodiagnosticFactory(engagement=engagement, niveau="non_conforme")
    url = reverse("engagements:autodiagnostic_ajouter", args=[engagement.pk])
    reponse = client.post(url, {"niveau": "partiel", "date": "2023-03-02", "commentaire": "Affichage à compléter"})
    assert reponse.status_code == 302
    assert "précédentes sont conservées" in _message(reponse)
    assert list(engagement.autodiagnostics.values_list("niveau", flat=True)) == ["partiel", "non_conforme"]
    assert engagement.autodiagnostics.first().auteur == referent
    reponse = client.post(url, {"niveau": "excellent", "date": "2023-03-02"})
    assert reponse.status_code == 200 and "Le formulaire contient" in reponse.content.decode()
    assert Autodiagnostic.objects.count() == 2


def test_correspondant_d_un_service_concerne_contribue(client):
    service = ServiceFactory()
    engagement = EngagementFactory(services_concernes=[service])
    correspondant = UtilisateurFactory(correspondant=True, services=[service])
    client.force_login(correspondant)
    page = client.get(reverse("engagements:engagement_detail", args=[engagement.pk])).content.decode()
    assert "Évaluer l'engagement" in page and "Modifier l'engagement" not in page
    client.post(
        reverse("engagements:autodiagnostic_ajouter", args=[engagement.pk]),
        {"niveau": "conforme", "date": "2023-03-02"},
    )
    assert engagement.autodiagnostics.get().auteur == correspondant
    client.force_login(UtilisateurFactory(correspondant=True, services=[ServiceFactory()]))
    assert client.get(reverse("engagements:autodiagnostic_ajouter", args=[engagement.pk])).status_code == 403


@pytest.mark.parametrize("autres_sites", [3, 12])
def test_liste_des_cycles_compte_a_rebours(client, referent, django_assert_max_num_queries, autres_sites):
    cycle = CycleLabelFactory()
    EcheanceCycleFactory(
        cycle=cycle, type=TypeEcheance.RENOUVELLEMENT, date_prevue=timezone.localdate() + datetime.timedelta(days=30)
    )
    for numero in range(autres_sites):
        CycleLabelFactory(site=SiteFactory(nom=f"Sous-préfecture {numero}", type="sous_prefecture"))
    # Autant de requêtes avec 4 ou 13 sites : état des sites en trois requêtes (engagements.selectors.etats_des_sites).
    with django_assert_max_num_queries(12):
        reponse = client.get(reverse("engagements:cycle_list"))
    contenu = reponse.content.decode()
    assert "Prochain audit : audit de renouvellement" in contenu
    assert "dans 30 jours" in contenu


def test_creer_un_cycle_prevoit_les_audits(client, referent, qual_e_pref):
    site = SiteFactory()
    reponse = client.post(
        reverse("engagements:cycle_creer"),
        {
            "site": site.pk,
            "referentiel": qual_e_pref.pk,
            "date_obtention": "2019-12-18",
            "date_fin_validite": "2022-12-17",
        },
    )
    cycle = CycleLabel.objects.get()
    assert reponse["Location"] == reverse("engagements:cycle_detail", args=[cycle.pk])
    assert dict(cycle.echeances.values_list("type", "date_prevue")) == {
        "suivi": datetime.date(2021, 6, 18),
        "renouvellement": datetime.date(2022, 12, 17),
    }
    reponse = client.post(
        reverse("engagements:cycle_modifier", args=[cycle.pk]),
        {
            "site": site.pk,
            "referentiel": qual_e_pref.pk,
            "date_obtention": "2019-12-18",
            "date_fin_validite": "2019-01-01",
        },
    )
    assert "La fin de validité doit suivre la date" in reponse.content.decode()
    page = client.get(reverse("engagements:cycle_detail", args=[cycle.pk])).content.decode()
    assert "Audit de suivi" in page and "18/06/2021" in page


@pytest.mark.parametrize(
    ("numeros", "statut", "texte"),
    [
        ({1, 7}, 302, None),
        ({7}, 200, "Le module 1 (obligatoire) doit faire partie du périmètre."),
    ],
)
def test_perimetre(client, referent, qual_e_pref, numeros, statut, texte):
    cycle = CycleLabelFactory(referentiel=qual_e_pref)
    modules = list(qual_e_pref.modules.filter(numero__in=numeros).values_list("pk", flat=True))
    reponse = client.post(
        reverse("engagements:perimetre_modifier", args=[cycle.pk]), {"modules": modules, "date": "2019-02-04"}
    )
    assert reponse.status_code == statut
    if texte:
        assert texte in reponse.content.decode()
        assert not Perimetre.objects.exists()
    else:
        assert {m.numero for m in Perimetre.objects.get().modules.all()} == numeros


def test_modifier_une_echeance(client, referent):
    echeance = EcheanceCycleFactory()
    reponse = client.post(
        reverse("engagements:echeance_modifier", args=[echeance.pk]),
        {"date_prevue": "2021-09-01", "precision_mois": "on"},
    )
    assert reponse.status_code == 302
    echeance.refresh_from_db()
    assert echeance.date_prevue == datetime.date(2021, 9, 1) and echeance.precision_mois
    reponse = client.post(reverse("engagements:echeance_modifier", args=[echeance.pk]), {"date_prevue": "pas une date"})
    assert "Le formulaire contient" in reponse.content.decode()


def test_preparation_audit(client, referent, qual_e_pref, django_assert_max_num_queries):
    cycle = CycleLabelFactory(referentiel=qual_e_pref)
    PerimetreFactory(cycle=cycle, modules=list(qual_e_pref.modules.all()))
    for numero in range(2, 8):
        EngagementFactory(module=qual_e_pref.modules.get(numero=1), numero=numero)
    # 16, plus la lecture de l'identité, plus une requête par compte de module (actions rattachées, constats
    # ouverts et de pilotage).
    with django_assert_max_num_queries(19):
        reponse = client.get(reverse("engagements:preparation_audit"))
    contenu = reponse.content.decode()
    assert "Engagements non évalués : 7" in contenu
    assert "Engagements sans preuve : 7" in contenu
    assert "Imprimer" in contenu


def test_preparation_sans_perimetre(client, referent):
    assert "Aucun périmètre de labellisation" in client.get(reverse("engagements:preparation_audit")).content.decode()


def test_menu(client):
    client.force_login(UtilisateurFactory(correspondant=True))
    contenu = client.get(reverse("accueil")).content.decode()
    assert "Référentiels" in contenu and "Préparation d&#x27;audit" not in contenu
    client.force_login(UtilisateurFactory(auditeur=True))
    assert "Préparation d&#x27;audit" in client.get(reverse("accueil")).content.decode()


def test_module_str():
    module = ModuleFactory.build(numero=3, titre="")
    assert str(module) == "Module 3 – titre à saisir par le référent"
    assert Module.Type.METIER.label == "Métier"


def test_rubrique_puis_engagement_rattache(client, referent, qual_e_pref):
    module_1 = qual_e_pref.modules.get(numero=1)
    url = reverse("engagements:rubrique_creer", args=[module_1.pk])
    reponse = client.post(url, {"titre": "Téléphonie", "ordre": 1})
    assert "Rubrique « Téléphonie » ajoutée au module 1." in _message(reponse)
    rubrique = module_1.rubriques.get()
    reponse = client.post(url, {"titre": "Téléphonie", "ordre": 2})
    assert "existe déjà dans ce module" in reponse.content.decode()
    engagement = qual_e_pref.engagements.get()
    reponse = client.post(
        reverse("engagements:engagement_modifier", args=[engagement.pk]),
        {"module": qual_e_pref.modules.get(numero=7).pk, "rubrique": rubrique.pk, "numero": 1, "libelle": "x"},
    )
    assert "Cette rubrique appartient à un autre module." in reponse.content.decode()
    client.post(
        reverse("engagements:engagement_modifier", args=[engagement.pk]),
        {"module": module_1.pk, "rubrique": rubrique.pk, "numero": 1, "libelle": engagement.libelle},
    )
    engagement.refresh_from_db()
    assert engagement.rubrique == rubrique
    assert (
        "Rubriques : Téléphonie"
        in client.get(reverse("engagements:referentiel_detail", args=[qual_e_pref.pk])).content.decode()
    )
