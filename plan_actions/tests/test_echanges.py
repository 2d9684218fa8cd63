"""Plan d'actions : aller-retour sans perte dans chaque format, fichier modifié dans un tableur, mise en forme."""

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from engagements.tests.factories import EngagementFactory, ModuleFactory, ReferentielFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.echanges import exporter, importer_actions
from plan_actions.models import Action, Origine, Statut
from qualite.export import FORMATS_TABLEAU
from qualite.imports import executer_import

from .factories import ActionFactory, CommentaireFactory

pytestmark = pytest.mark.django_db

NOMS = {"xlsx": "plan.xlsx", "ods": "plan.ods", "csv": "plan.csv", "csv-windows": "plan.csv"}


def _importer(contenu: bytes, nom: str, simulation=False):
    return executer_import(importer_actions, simulation=simulation, fichier=io.BytesIO(contenu), nom=nom)


@pytest.fixture
def plan():
    module1, module7 = ModuleFactory(numero=1), ModuleFactory(numero=7)
    engagement = EngagementFactory(module=module1, numero=17)
    # Un autre référentiel aux mêmes numéros : le fichier nomme le sien.
    autre = ReferentielFactory(code="qualipref", version="2")
    ModuleFactory(referentiel=autre, numero=1)
    EngagementFactory(module__referentiel=autre, module__numero=1, numero=17)
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    responsable = UtilisateurFactory(first_name="Léa", last_name="Martin")
    ActionFactory(
        reference="2019-001",
        intitule='=HYPERLINK("http://exemple.invalid") : une formule neutralisée',
        description="Première ligne\nDeuxième ligne ; avec « guillemets »",
        origine=Origine.RETEX,
        origine_libelle="exercice 2019",
        modules=[module1, module7],
        engagements=[engagement],
        responsables=[responsable],
        responsable_nom="Mme Externe",
        service_pilote=service,
        echeance=datetime.date(2023, 12, 31),
        statut=Statut.EN_COURS,
        avancement=35,
    )
    realisee = ActionFactory(reference="2023-002", realisee=True, service_pilote=None, echeance=None)
    CommentaireFactory(action=realisee, texte="Dernier point : fait")
    ActionFactory(reference="2023-003", statut=Statut.A_LANCER, avancement=0, intitule="-5 % d'appels perdus")
    return Action.objects.order_by("reference")


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_aller_retour_sans_perte(plan, format_fichier):
    fichier = exporter(plan, format_fichier)
    rapport = _importer(fichier, NOMS[format_fichier])
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 3), rapport.changements
    assert rapport.changements == []
    assert all(action.version == 1 for action in Action.objects.all())


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_reimport_sur_base_vide_recree_a_l_identique(plan, format_fichier):
    fichier = exporter(plan, format_fichier)
    avant = exporter(Action.objects.order_by("reference"), "csv")
    Action.objects.all().delete()
    rapport = _importer(fichier, NOMS[format_fichier])
    assert rapport.valide and rapport.crees == 3, rapport.erreurs
    assert exporter(Action.objects.order_by("reference"), "csv") == avant


def test_fichier_modifie_dans_excel_ne_change_que_les_cellules_modifiees(plan):
    classeur = load_workbook(io.BytesIO(exporter(plan, "xlsx")))
    feuille = classeur["Plan d'actions"]
    entetes = [cellule.value for cellule in feuille[1]]
    feuille.cell(row=2, column=entetes.index("Statut") + 1, value="Réalisée")
    feuille.cell(row=2, column=entetes.index("Avancement") + 1, value=1)
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(sortie.getvalue(), "plan.xlsx", simulation=True)
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 1, 2)
    assert rapport.changements == [
        "ligne 2 : Statut En cours → Réalisée",
        "ligne 2 : Avancement 35 % → 100 %",
    ]
    assert Action.objects.get(reference="2019-001").statut == Statut.EN_COURS
    rapport = _importer(sortie.getvalue(), "plan.xlsx")
    action = Action.objects.get(reference="2019-001")
    assert (action.statut, action.avancement, action.version) == (Statut.REALISEE, 100, 2)
    assert action.modules.count() == 2 and action.description.startswith("Première ligne\n")


def test_le_referentiel_nomme_est_celui_du_fichier(plan):
    module = ModuleFactory(referentiel=ReferentielFactory(code="qualipref", version="2"), numero=1)
    classeur = load_workbook(io.BytesIO(exporter(plan, "xlsx")))
    feuille = classeur["Plan d'actions"]
    entetes = [cellule.value for cellule in feuille[1]]
    assert feuille.cell(row=2, column=entetes.index("Référentiel") + 1).value == "qual-e-pref"
    feuille.cell(row=4, column=entetes.index("Référentiel") + 1, value="qualipref")
    feuille.cell(row=4, column=entetes.index("Version") + 1, value="2")
    feuille.cell(row=4, column=entetes.index("Module") + 1, value="Module 1")
    sortie = io.BytesIO()
    classeur.save(sortie)
    assert _importer(sortie.getvalue(), "plan.xlsx").valide
    assert list(Action.objects.get(reference="2023-003").modules.all()) == [module]


def test_module_ambigu_sans_referentiel_nomme(plan):
    contenu = "N°;Intitulé;Module\r\n2024-001;Nouvelle;1\r\n".encode()
    rapport = _importer(contenu, "plan.csv")
    assert rapport.erreurs == [
        "Ligne 2 : colonne « Module » : module « 1 » présent dans plusieurs référentiels : remplissez « Référentiel »"
    ]


def test_classeur_fait_pour_des_personnes(plan):
    classeur = load_workbook(io.BytesIO(exporter(plan, "xlsx")))
    assert classeur.sheetnames == ["Plan d'actions", "Lisez-moi"]
    feuille = classeur["Plan d'actions"]
    entetes = [cellule.value for cellule in feuille[1]]
    assert all(cellule.font.bold for cellule in feuille[1])
    assert feuille.freeze_panes == "A2"
    assert feuille.auto_filter.ref == "A1:P4"
    assert feuille.column_dimensions["B"].width == 50
    echeance = feuille.cell(row=2, column=entetes.index("Échéance") + 1)
    assert echeance.value == datetime.datetime(2023, 12, 31) and echeance.number_format == "DD/MM/YYYY"
    avancement = feuille.cell(row=2, column=entetes.index("Avancement") + 1)
    assert (avancement.value, avancement.number_format) == (0.35, "0%")
    assert feuille.cell(row=2, column=2).value.startswith("'=HYPERLINK")
    lisez_moi = [[c.value for c in ligne] for ligne in classeur["Lisez-moi"].iter_rows()]
    assert ["Avancement", "oui", "pourcentage de 0 à 100 %"] in lisez_moi


def test_csv_windows_et_csv_utf8():
    ActionFactory(reference="2024-001", intitule="Réclamations traitées", avancement=50)
    actions = Action.objects.all()
    utf8 = exporter(actions, "csv")
    assert utf8.startswith(b"\xef\xbb\xbf") and "Réclamations traitées;".encode() in utf8
    assert b";50 %;" in utf8
    windows = exporter(actions, "csv-windows")
    assert "Réclamations traitées".encode("cp1252") in windows


def test_commandes_exporter_puis_importer_en_simulation(plan, tmp_path):
    chemin = tmp_path / "plan.xlsx"
    sortie = io.StringIO()
    call_command("exporter_actions", str(chemin), stdout=sortie)
    assert "3 lignes écrites" in sortie.getvalue()
    sortie = io.StringIO()
    call_command("importer_actions", str(chemin), "--dry-run", stdout=sortie)
    assert "0 créé, 0 mis à jour, 3 inchangés" in sortie.getvalue()
    classeur = load_workbook(chemin)
    classeur["Plan d'actions"]["M3"] = "En cours"
    classeur.save(chemin)
    sortie = io.StringIO()
    call_command("importer_actions", str(chemin), "--dry-run", stdout=sortie)
    assert "ligne 3 : Statut Réalisée → En cours" in sortie.getvalue()
    assert Action.objects.get(reference="2023-002").statut == Statut.REALISEE


def test_apercu_dans_le_navigateur_dit_ce_qui_changera(plan, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from pytest_django.asserts import assertContains

    client.force_login(UtilisateurFactory(referent=True))
    classeur = load_workbook(io.BytesIO(exporter(plan, "xlsx")))
    feuille = classeur["Plan d'actions"]
    entetes = [cellule.value for cellule in feuille[1]]
    feuille.cell(row=2, column=entetes.index("Statut") + 1, value="Réalisée")
    sortie = io.BytesIO()
    classeur.save(sortie)
    fichier = SimpleUploadedFile("plan.xlsx", sortie.getvalue())
    reponse = client.post(reverse("plan_actions:importer"), {"fichier": fichier})
    assertContains(reponse, "Ce qui changera")
    assertContains(reponse, "ligne 2 : Statut En cours → Réalisée")
    assertContains(reponse, "0 créé, 1 mis à jour, 2 inchangés : seraient enregistrés.")
    assert Action.objects.get(reference="2019-001").statut == Statut.EN_COURS
    reponse = client.post(reverse("plan_actions:importer"), {"jeton": reponse.context["jeton"]})
    assert reponse.status_code == 302
    assert Action.objects.get(reference="2019-001").statut == Statut.REALISEE


def test_libelles_a_cote_des_codes_d_engagement_non_relus(plan):
    classeur = load_workbook(io.BytesIO(exporter(plan, "xlsx")))
    feuille = classeur["Plan d'actions"]
    entetes = [cellule.value for cellule in feuille[1]]
    colonne = entetes.index("Libellé des engagements") + 1
    assert entetes[colonne - 2] == "Engagement"
    engagement = Action.objects.get(reference="2019-001").engagements.get()
    assert feuille.cell(row=2, column=colonne).value == f"{engagement.code} – {engagement.libelle}"
    feuille.cell(row=2, column=colonne, value="retouché : ignoré")
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(sortie.getvalue(), "plan.xlsx")
    assert (rapport.mis_a_jour, rapport.inchanges) == (0, 3), rapport.changements


def test_liste_propose_l_export_ods(plan, client):
    from django.urls import reverse

    client.force_login(UtilisateurFactory(referent=True))
    page = client.get(reverse("plan_actions:liste")).content.decode()
    for libelle in ("Excel (xlsx)", "LibreOffice (ods)", "CSV (csv)"):
        assert f"Exporter en tableur {libelle}" in page or f"Exporter en texte {libelle}" in page, libelle
    reponse = client.get(reverse("plan_actions:exporter"), {"format": "ods"})
    assert reponse["Content-Disposition"].endswith('.ods"')
    assert _importer(reponse.content, "plan.ods").inchanges == 3


@pytest.mark.parametrize("nombre", [3, 300])
def test_export_en_requetes_constantes_relations_dans_l_ordre(nombre, django_assert_max_num_queries):
    """Les relations sont lues par lots (tables de liaison), chaque objet lié une fois : même nombre de requêtes
    pour 3 et 300 actions ; modules et engagements dans l'ordre de leur référentiel, comptes par nom."""
    modules = [ModuleFactory(numero=numero) for numero in (7, 1)]
    engagements = [EngagementFactory(module=modules[1], numero=numero) for numero in (17, 2)]
    comptes = [UtilisateurFactory(first_name="Zoé", last_name="Blanc"), UtilisateurFactory(last_name="Adam")]
    for i in range(nombre):
        ActionFactory(reference=f"A-{i:03d}", modules=modules, engagements=engagements, responsables=comptes)
    # Les actions, puis par relation : les liens et les objets liés.
    with django_assert_max_num_queries(7):
        classeur = load_workbook(io.BytesIO(exporter(Action.objects.order_by("reference"), "xlsx")))
    feuille = classeur["Plan d'actions"]
    entetes = [cellule.value for cellule in feuille[1]]
    lignes = [dict(zip(entetes, (c.value for c in ligne), strict=False)) for ligne in feuille.iter_rows(min_row=2)]
    assert len(lignes) == nombre
    premiere = lignes[0]
    assert (premiere["Module"], premiere["Engagement"]) == ("1, 7", "1.2, 1.17")
    assert premiere["Libellé des engagements"].splitlines() == [str(engagements[1]), str(engagements[0])]
    assert premiere["Responsable"] == "; ".join(sorted(c.get_full_name() or c.username for c in comptes))


@pytest.mark.parametrize("format_fichier", FORMATS_TABLEAU)
def test_texte_qui_commence_par_une_apostrophe_revient_tel_quel(format_fichier):
    """La neutralisation des formules double l'apostrophe initiale ; la relecture ne la défait qu'une fois."""
    for i, texte in enumerate(["'=pas une formule", "''", "'-5 % d'appels"]):
        ActionFactory(reference=f"2023-00{i}", intitule=texte, description=texte)
    avant = list(Action.objects.order_by("reference").values_list("intitule", "description"))
    contenu = exporter(Action.objects.order_by("reference"), format_fichier)
    rapport = _importer(contenu, NOMS[format_fichier])
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour) == (0, 0), rapport.changements
    Action.objects.all().delete()
    assert _importer(contenu, NOMS[format_fichier]).crees == 3
    assert list(Action.objects.order_by("reference").values_list("intitule", "description")) == avant
