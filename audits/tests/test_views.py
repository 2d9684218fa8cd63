"""Pages des audits : accès, contenu, formulaires, messages, nombre de requêtes."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from audits.models import Audit, Constat, Etat, Suite
from audits.services import constats_importer
from engagements.liens import sections_pour
from engagements.tests.factories import EngagementFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.models import Action, Origine

from .factories import AuditFactory, ConstatFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "observations_audit_2023.csv"


@pytest.fixture
def referent(client):
    utilisateur = UtilisateurFactory(referent=True)
    client.force_login(utilisateur)
    return utilisateur


@pytest.fixture
def copil(client):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    return utilisateur


@pytest.fixture
def audit_2023():
    audit = AuditFactory()
    with open(SEED, "rb") as fichier:
        constats_importer(audit=audit, fichier=fichier, nom=SEED.name)
    return audit


def _messages(reponse) -> list[str]:
    return [str(m) for m in get_messages(reponse.wsgi_request)]


# Liste et préparation


def test_liste_anonyme_redirige_vers_la_connexion(client):
    reponse = client.get(reverse("audits:audit_list"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("login"))


def test_liste_des_audits(client, copil, audit_2023):
    reponse = client.get(reverse("audits:audit_list"))
    assertContains(reponse, "Audit de renouvellement du 16/01/2023")
    assertNotContains(reponse, "Nouvel audit")  # le COPIL lit sans modifier


def test_liste_nombre_de_requetes_constant(client, referent):
    def compter() -> int:
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(reverse("audits:audit_list"))
        assertContains(reponse, "Nouvel audit")
        return len(requetes)

    ConstatFactory(audit=AuditFactory(date_debut=datetime.date(2014, 1, 10)))
    compter()  # la première page de la session note l'activité (une écriture de session par minute au plus)
    une = compter()
    for annee in range(2015, 2025):
        audit = AuditFactory(date_debut=datetime.date(annee, 1, 10))
        ConstatFactory(audit=audit)
        ConstatFactory(audit=audit, point_fort=True)
    assert compter() == une <= 7


def test_preparation_liste_les_constats_ouverts(client, copil, audit_2023, django_assert_max_num_queries):
    audit_2023.constats.filter(numero=3).update(etat=Etat.TRAITE)
    with django_assert_max_num_queries(8):
        reponse = client.get(reverse("audits:preparation"))
    assertContains(reponse, "Constats encore ouverts (10)")
    assertContains(reponse, "Réaliser une planification régulière des COPIL")
    assertNotContains(reponse, "Communiquer sur les actions d&#x27;amélioration")  # traité
    assertNotContains(reponse, "Bon niveau de connaissance du guide")  # point fort


# Fiche d'audit


def test_fiche_audit_tableau_comme_la_seed(client, copil, audit_2023, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        reponse = client.get(reverse("audits:audit_detail", kwargs={"pk": audit_2023.pk}))
    contenu = reponse.content.decode()
    entete = contenu.index('<th scope="col">N°</th>')
    colonnes = [
        contenu.index(f'<th scope="col">{libelle}</th>', entete)
        for libelle in ("Module", "Points sensibles", "Pistes de progrès", "Points forts")
    ]
    assert colonnes == sorted(colonnes)
    assert contenu.count('<th scope="row">') >= 17
    assertContains(reponse, '<th scope="row">9</th>', html=False)
    ligne_17 = contenu[contenu.index('<th scope="row">17</th>') :].split("</tr>")[0]
    assert "comité local des usagers (CLU)" in ligne_17 and "diffuser le CR" in ligne_17
    assertContains(reponse, "Constats par nature")
    assertContains(reponse, "Constats par module")
    assertNotContains(reponse, "Importer le tableau de l'auditeur")


def test_fiche_audit_decomptes(client, copil, audit_2023):
    reponse = client.get(reverse("audits:audit_detail", kwargs={"pk": audit_2023.pk}))
    assert [ligne["nombre"] for ligne in reponse.context["comptes_nature"]] == [3, 8, 6]
    assert [(ligne.module, ligne.total) for ligne in reponse.context["par_module"]] == [
        ("Module 1", 8),
        ("Module 7", 3),
        ("Pilotage", 6),
    ]


def test_fiche_audit_comparaison(client, copil, audit_2023):
    ancien = AuditFactory(perimetre=audit_2023.perimetre, type="suivi", date_debut=datetime.date(2021, 9, 1))
    ConstatFactory(audit=ancien, numero=4, texte="Constat resté ouvert en 2021")
    reponse = client.get(reverse("audits:audit_detail", kwargs={"pk": audit_2023.pk}), {"autre": ancien.pk})
    assertContains(reponse, "Audit de suivi du 01/09/2021 et Audit de renouvellement du 16/01/2023")
    assertContains(reponse, "Constat resté ouvert en 2021")
    assert reponse.context["comparaison"].ouverts[0].audit == ancien


def test_fiche_audit_comparaison_invalide_sans_erreur_500(client, copil, audit_2023):
    reponse = client.get(reverse("audits:audit_detail", kwargs={"pk": audit_2023.pk}), {"autre": "abc"})
    assert reponse.status_code == 200 and reponse.context["comparaison"] is None


def test_fiche_audit_inconnue(client, copil):
    assert client.get(reverse("audits:audit_detail", kwargs={"pk": 999999})).status_code == 404


# Création et modification


def _donnees_audit(audit, **autres) -> dict:
    donnees = {
        "type": "suivi",
        "date_debut": "2021-09-14",
        "date_fin": "2021-09-15",
        "site": audit.site_id,
        "referentiel": audit.referentiel_id,
        "perimetre": audit.perimetre_id,
        "externe": "on",
        "organisme": "Organisme certificateur",
        "auditeurs": "Mme Auditrice",
        "conclusion": "maintenu",
    }
    donnees.update(autres)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


def test_creer_un_audit(client, referent):
    modele = AuditFactory()
    reponse = client.post(
        reverse("audits:audit_create"),
        {
            **_donnees_audit(modele),
            "rapport": SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    audit = Audit.objects.exclude(pk=modele.pk).get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("audits:audit_detail", kwargs={"pk": audit.pk})
    assert (audit.type, audit.conclusion, audit.organisme) == ("suivi", "maintenu", "Organisme certificateur")
    assert audit.rapport.name.startswith("audits/rapports/rapport")
    assert _messages(reponse) == [f"L'audit « {audit} » est enregistré."]
    telechargement = client.get(reverse("audits:audit_rapport", kwargs={"pk": audit.pk}))
    assert telechargement.status_code == 200 and b"".join(telechargement.streaming_content) == b"%PDF-1.4 test"


@pytest.mark.parametrize(
    ("autres", "champ"),
    [
        ({"date_fin": "2021-09-01"}, "date_fin"),
        ({"type": ""}, "type"),
        ({"date_debut": "31/02/2021"}, "date_debut"),
    ],
)
def test_creer_un_audit_invalide(client, referent, autres, champ):
    modele = AuditFactory()
    reponse = client.post(reverse("audits:audit_create"), _donnees_audit(modele, **autres))
    assert reponse.status_code == 200
    assert champ in reponse.context["form"].errors
    assertContains(reponse, "Le formulaire contient")
    assert Audit.objects.count() == 1


def test_rapport_de_format_refuse(client, referent):
    modele = AuditFactory()
    reponse = client.post(
        reverse("audits:audit_create"),
        {**_donnees_audit(modele), "rapport": SimpleUploadedFile("rapport.exe", b"MZ")},
    )
    assert "rapport" in reponse.context["form"].errors


def test_perimetre_d_un_autre_referentiel_refuse(client, referent):
    modele = AuditFactory()
    autre = AuditFactory(perimetre__cycle__referentiel__code="quali-ate", perimetre__modules=[])
    reponse = client.post(reverse("audits:audit_create"), _donnees_audit(modele, perimetre=autre.perimetre_id))
    assert "perimetre" in reponse.context["form"].errors


def test_modifier_un_audit(client, referent):
    audit = AuditFactory()
    reponse = client.post(
        reverse("audits:audit_update", kwargs={"pk": audit.pk}), _donnees_audit(audit, conclusion="accorde")
    )
    assert reponse.status_code == 302
    audit.refresh_from_db()
    assert audit.conclusion == "accorde"


def test_rapport_absent_404(client, copil):
    audit = AuditFactory()
    assert client.get(reverse("audits:audit_rapport", kwargs={"pk": audit.pk})).status_code == 404


def test_le_copil_ne_modifie_pas(client, copil):
    audit = AuditFactory()
    assert client.get(reverse("audits:audit_update", kwargs={"pk": audit.pk})).status_code == 403
    assert client.post(reverse("audits:audit_create"), _donnees_audit(audit)).status_code == 403


# Import dans le navigateur : aperçu puis confirmation


def test_import_apercu_puis_confirmation(client, referent):
    audit = AuditFactory()
    url = reverse("audits:audit_import", kwargs={"pk": audit.pk})
    assertContains(client.get(url), "Importer le tableau de l&#x27;auditeur")
    apercu = client.post(url, {"fichier": SimpleUploadedFile(SEED.name, SEED.read_bytes())})
    assertContains(apercu, "Aperçu : rien n'est encore enregistré")
    assertContains(apercu, "Ligne 10 : N° 9 (Module 1) : aucune observation, ligne ignorée.")
    assert Constat.objects.count() == 0

    confirmation = client.post(url, {"jeton": apercu.context["jeton"]})
    assert confirmation.status_code == 302
    assert audit.constats.count() == 17
    assert _messages(confirmation) == ["Import terminé : 17 créés, 0 mis à jour, 0 inchangé : ont été enregistrés."]


def test_import_refuse_nomme_la_ligne(client, referent):
    audit = AuditFactory()
    contenu = b"N\xc2\xb0,Module,Points sensibles,Pistes de progr\xc3\xa8s,Points forts\n1,Module 12,Texte,,\n"
    reponse = client.post(
        reverse("audits:audit_import", kwargs={"pk": audit.pk}),
        {"fichier": SimpleUploadedFile("obs.csv", io.BytesIO(contenu).read())},
    )
    assertContains(reponse, "Import refusé")
    assertContains(reponse, "Ligne 2 : colonne Module")
    assert Constat.objects.count() == 0


# Constat et triage


def test_fiche_constat(client, copil):
    constat = ConstatFactory(texte="Communiquer sur les actions d'amélioration")
    reponse = client.get(reverse("audits:constat_detail", kwargs={"pk": constat.pk}))
    assertContains(reponse, "Communiquer sur les actions d&#x27;amélioration")
    assertNotContains(reponse, "Créer l'action")


def test_fiche_constat_boutons_du_referent(client, referent):
    constat = ConstatFactory()
    reponse = client.get(reverse("audits:constat_detail", kwargs={"pk": constat.pk}))
    assertContains(reponse, "Créer l'action")
    assertContains(reponse, "Pas d'action")
    point_fort = ConstatFactory(audit=constat.audit, point_fort=True)
    reponse = client.get(reverse("audits:constat_detail", kwargs={"pk": point_fort.pk}))
    assertContains(reponse, "Bonne pratique à valoriser")
    assertNotContains(reponse, "Créer l'action")


def test_formulaire_d_action_prerempli(client, referent):
    engagement = EngagementFactory(module__numero=1, numero=4)
    constat = ConstatFactory(
        numero=12, texte="Intégrer les RETEX au plan", module=engagement.module, engagement=engagement
    )
    reponse = client.get(reverse("audits:constat_action", kwargs={"pk": constat.pk}))
    form = reponse.context["form"]
    assert form.initial["intitule"] == "Intégrer les RETEX au plan"
    assert form.initial["origine_libelle"] == "observation d'audit 2023 n°12 (Module 1)"
    assert form.initial["module"] == constat.module
    assert form.initial["engagement"] == engagement


def test_creer_l_action(client, referent):
    constat = ConstatFactory(numero=12)
    service = ServiceFactory()
    reponse = client.post(
        reverse("audits:constat_action", kwargs={"pk": constat.pk}),
        {
            "intitule": "Intégrer les RETEX au plan",
            "origine_libelle": "observation d'audit 2023 n°12 (Module 1)",
            "module": constat.module_id,
            "service_pilote": service.pk,
            "echeance": "2023-06-30",
            "priorite": "haute",
        },
    )
    assert reponse.status_code == 302
    action = Action.objects.get()
    constat.refresh_from_db()
    assert list(constat.actions.all()) == [action]
    assert (constat.etat, constat.suite) == (Etat.TRAITE, Suite.ACTION)
    assert (action.origine, action.service_pilote, action.priorite) == (Origine.CONSTAT_AUDIT, service, "haute")
    assert action.origine_lien == reverse("audits:constat_detail", kwargs={"pk": constat.pk})
    assert _messages(reponse) == [f"L'action {action.reference} est créée au plan d'actions."]


def test_creer_l_action_invalide(client, referent):
    constat = ConstatFactory()
    autre = EngagementFactory(module__numero=7, numero=1)
    reponse = client.post(
        reverse("audits:constat_action", kwargs={"pk": constat.pk}),
        {
            "intitule": "",
            "origine_libelle": "x",
            "module": constat.module_id,
            "engagement": autre.pk,
            "priorite": "normale",
        },
    )
    assert reponse.status_code == 200
    assert set(reponse.context["form"].errors) == {"intitule", "engagement"}
    assert Action.objects.count() == 0


def test_pas_d_action_pour_un_point_fort(client, referent):
    constat = ConstatFactory(point_fort=True)
    reponse = client.get(reverse("audits:constat_action", kwargs={"pk": constat.pk}))
    assert reponse.status_code == 302
    assert "Un point fort ne donne pas lieu à une action" in _messages(reponse)[0]


def test_decision_pas_d_action(client, referent):
    constat = ConstatFactory()
    url = reverse("audits:constat_decision", kwargs={"pk": constat.pk})
    assertContains(client.get(url), "Justification")
    invalide = client.post(url, {"justification": ""})
    assert invalide.status_code == 200 and "justification" in invalide.context["form"].errors
    reponse = client.post(url, {"justification": "Déjà couvert par l'action 2022-014"})
    assert reponse.status_code == 302
    constat.refresh_from_db()
    assert (constat.suite, constat.etat, constat.justification) == (
        Suite.SANS_ACTION,
        Etat.TRAITE,
        "Déjà couvert par l'action 2022-014",
    )
    assert _messages(reponse) == ["Décision enregistrée : Pas d'action (justifiée)."]


def test_decision_bonne_pratique(client, referent):
    constat = ConstatFactory(point_fort=True)
    reponse = client.post(reverse("audits:constat_decision", kwargs={"pk": constat.pk}), {"justification": ""})
    assert reponse.status_code == 302
    constat.refresh_from_db()
    assert (constat.suite, constat.etat) == (Suite.BONNE_PRATIQUE, Etat.TRAITE)


def test_verifier(client, referent):
    constat = ConstatFactory(etat=Etat.TRAITE, suite=Suite.SANS_ACTION)
    url = reverse("audits:constat_verifier", kwargs={"pk": constat.pk})
    assert client.get(url).status_code == 405
    reponse = client.post(url)
    assert reponse.status_code == 302
    constat.refresh_from_db()
    assert constat.etat == Etat.VERIFIE
    refus = client.post(url)
    assert "Seul un constat traité peut être marqué comme vérifié." in _messages(refus)


def test_le_correspondant_ne_decide_pas(client):
    client.force_login(UtilisateurFactory(correspondant=True))
    constat = ConstatFactory()
    assert (
        client.post(reverse("audits:constat_decision", kwargs={"pk": constat.pk}), {"justification": "x"}).status_code
        == 403
    )
    constat.refresh_from_db()
    assert constat.etat == Etat.OUVERT


def test_section_enregistree_sur_la_page_d_un_engagement():
    constat = ConstatFactory()
    engagement = EngagementFactory(module=constat.module, numero=9)
    constat.engagement = engagement
    constat.save()
    titres = [section["titre"] for section in sections_pour(engagement, UtilisateurFactory())]
    assert "Constats d'audit" in titres


def test_menu_audits(client, copil):
    reponse = client.get(reverse("accueil"))
    assertContains(reponse, reverse("audits:audit_list"))


# Saisie et correction d'un constat


def test_ajouter_un_constat(client, referent):
    audit = AuditFactory()
    url = reverse("audits:constat_create", kwargs={"pk": audit.pk})
    assertContains(client.get(url), "Nouveau constat")
    reponse = client.post(url, {"numero": 18, "portee": "pilotage", "nature": "nc_mineure", "texte": "Écart constaté"})
    constat = audit.constats.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse(
        "audits:constat_detail", kwargs={"pk": constat.pk}
    )
    assert (constat.numero, constat.portee, constat.module, constat.nature) == (18, "pilotage", None, "nc_mineure")
    assert _messages(reponse) == ["Le constat n°18 est enregistré."]


@pytest.mark.parametrize(
    ("donnees", "champ"),
    [
        ({"portee": "pilotage"}, "module"),  # un constat de pilotage n'a pas de module
        ({"portee": "module", "module": ""}, "module"),
        ({"numero": 5}, "nature"),  # le n°5 a déjà un point sensible
        ({"texte": ""}, "texte"),
    ],
)
def test_constat_invalide(client, referent, donnees, champ):
    existant = ConstatFactory(numero=5)
    valeurs = {"numero": 6, "portee": "module", "module": existant.module_id, "nature": "point_sensible", "texte": "T"}
    reponse = client.post(reverse("audits:constat_create", kwargs={"pk": existant.audit_id}), {**valeurs, **donnees})
    assert reponse.status_code == 200
    assert champ in reponse.context["form"].errors
    assert existant.audit.constats.count() == 1


def test_corriger_un_constat_et_lui_donner_un_engagement(client, referent):
    constat = ConstatFactory(texte="Ancien texte")
    engagement = EngagementFactory(module=constat.module, numero=2)
    reponse = client.post(
        reverse("audits:constat_update", kwargs={"pk": constat.pk}),
        {
            "numero": constat.numero,
            "portee": "module",
            "module": constat.module_id,
            "engagement": engagement.pk,
            "nature": constat.nature,
            "texte": "Nouveau texte",
        },
    )
    assert reponse.status_code == 302
    constat.refresh_from_db()
    assert (constat.texte, constat.engagement) == ("Nouveau texte", engagement)
