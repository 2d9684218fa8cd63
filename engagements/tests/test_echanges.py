import io

import pytest
from django.core.management import CommandError, call_command

from qualite.imports import executer_import

from ..echanges import exporter, importer_referentiel, lignes_export
from ..models import Engagement, Module
from .factories import EngagementFactory, ModuleFactory, ReferentielFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referentiel():
    referentiel = ReferentielFactory(code="qual-e-pref", version="2019")
    module_1 = ModuleFactory(referentiel=referentiel, numero=1, titre="Relation générale", type="obligatoire")
    module_7 = ModuleFactory(referentiel=referentiel, numero=7, titre="Communication d'urgence", type="optionnel")
    ModuleFactory(referentiel=referentiel, numero=3, titre="", type="metier")
    EngagementFactory(module=module_1, numero=1, libelle="Nous vous informons; sur les conditions")
    EngagementFactory(module=module_1, numero=2, libelle='Un accueil "attentif", courtois')
    EngagementFactory(module=module_7, numero=1, libelle="L'activation en moins d'une heure")
    EngagementFactory(module=None, referentiel=referentiel, numero=4, libelle="Sans module")
    return referentiel


def _importer(referentiel, contenu: bytes, nom: str, simulation=False):
    return executer_import(
        importer_referentiel,
        simulation=simulation,
        fichier=io.BytesIO(contenu),
        nom=nom,
        utilisateur=None,
        referentiel=referentiel,
    )


@pytest.mark.parametrize(
    ("format_fichier", "nom"), [("csv", "r.csv"), ("csv-windows", "r.csv"), ("xlsx", "r.xlsx"), ("ods", "r.ods")]
)
def test_export_puis_import_redonne_le_meme_referentiel(referentiel, format_fichier, nom):
    contenu = exporter(referentiel, format_fichier)
    vide = ReferentielFactory(code="qual-e-pref", version="copie")
    rapport = _importer(vide, contenu, nom)
    assert rapport.valide, rapport.erreurs
    assert rapport.crees == 3 + 4
    assert rapport.avertissements == [f"Le fichier vient de la version « 2019 » ; il est importé dans « {vide} »."]
    assert [ligne[2:] for ligne in lignes_export(vide)] == [ligne[2:] for ligne in lignes_export(referentiel)]
    # Réimporter dans le référentiel d'origine ne change rien.
    rapport = _importer(referentiel, contenu, nom)
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 7)


def test_une_ligne_invalide_n_ecrit_rien_et_la_nomme(referentiel):
    vide = ReferentielFactory(code="copie")
    contenu = (
        "Module;Titre du module;Type;N°;Engagement\n"
        "1;Relation;Obligatoire;1;Premier engagement\n"
        "1;Relation;Obligatoire;deux;Second engagement\n"
    ).encode()
    rapport = _importer(vide, contenu, "r.csv")
    assert rapport.erreurs == ["Ligne 3 : N° : « deux » n'est pas un numéro d'engagement (attendu « 12 » ou « 1.12 »)."]
    assert not Module.objects.filter(referentiel=vide).exists()
    assert not Engagement.objects.filter(referentiel=vide).exists()


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        ("1;Relation;Inconnu;1;Texte", "Ligne 2 : Type : « Inconnu » n'est pas reconnu"),
        ("1;Relation;Obligatoire;1;", "Ligne 2 : N° et Engagement : renseignez les deux"),
        (";;;;", None),
    ],
)
def test_erreurs_de_ligne(ligne, erreur):
    vide = ReferentielFactory()
    rapport = _importer(vide, f"Module;Titre du module;Type;N°;Engagement\n{ligne}\n".encode(), "r.csv")
    if erreur is None:
        assert rapport.valide
    else:
        assert rapport.erreurs[0].startswith(erreur)
        assert not vide.modules.exists()


def test_module_decrit_de_deux_facons():
    vide = ReferentielFactory()
    contenu = "Module;Titre du module;Type;N°;Engagement\n1;A;Optionnel;1;x\n1;B;Optionnel;2;y\n".encode()
    rapport = _importer(vide, contenu, "r.csv")
    assert rapport.erreurs == [
        "Ligne 3 : Titre du module / Type : le module 1 est décrit autrement ligne 2.",
    ]


def test_commande_simulation_puis_import(referentiel, tmp_path):
    vide = ReferentielFactory(code="qual-e-pref", version="2020")
    chemin = tmp_path / "referentiel.xlsx"
    chemin.write_bytes(exporter(referentiel, "xlsx"))
    sortie = io.StringIO()
    options = ["--referentiel", "qual-e-pref", "--version-referentiel", "2020"]
    call_command("importer_referentiel", str(chemin), *options, "--dry-run", stdout=sortie)
    assert "seraient enregistrés" in sortie.getvalue()
    assert not vide.modules.exists()
    call_command("importer_referentiel", str(chemin), *options, stdout=io.StringIO())
    assert [ligne[2:] for ligne in lignes_export(vide)] == [ligne[2:] for ligne in lignes_export(referentiel)]


def test_commande_refuse_un_referentiel_inconnu(tmp_path):
    chemin = tmp_path / "r.csv"
    chemin.write_text("Module;Titre du module;Type;N°;Engagement\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Référentiel introuvable"):
        call_command("importer_referentiel", str(chemin), "--referentiel", "absent")


def test_commande_fichier_invalide_nomme_la_ligne(tmp_path):
    ReferentielFactory(code="cible")
    chemin = tmp_path / "r.csv"
    chemin.write_text("Module;Titre du module;Type;N°;Engagement\nun;A;Optionnel;1;x\n", encoding="utf-8")
    erreurs = io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("importer_referentiel", str(chemin), "--referentiel", "cible", stderr=erreurs)
    assert "Ligne 2 : Module" in erreurs.getvalue()


def test_la_numerotation_affichee_est_acceptee():
    """« Module 1 », « M7 » et le code « 1.2 » (ce que l'application affiche) valent 1, 7 et l'engagement 2."""
    vide = ReferentielFactory(code="qual-e-pref", version="2019")
    contenu = (
        "Référentiel;Version;Module;Titre du module;Type;N°;Engagement\n"
        "qual-e-pref;2019;Module 1;Relation générale;Obligatoire;1.1;Premier\n"
        "qual-e-pref;2019;Module 1 – Relation générale;Relation générale;Obligatoire;1.2;Second\n"
        "qual-e-pref;2019;M7;Communication;Optionnel;7.1;Troisième\n"
    ).encode()
    rapport = _importer(vide, contenu, "r.csv")
    assert rapport.valide, rapport.erreurs
    assert sorted(e.code for e in Engagement.objects.filter(referentiel=vide)) == ["1.1", "1.2", "7.1"]


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        ("quali-ate;;1;;Socle;1;Texte", "Ligne 2 : Référentiel : la ligne décrit le référentiel « quali-ate »"),
        ("qual-e-pref;2019;Module 2;T;Optionnel;1.3;Texte", "Ligne 2 : N° : l'engagement 1.3 n'est pas du module 2."),
        ("qual-e-pref;2019;Chapitre un;T;Optionnel;3;Texte", "Ligne 2 : Module : « Chapitre un » n'est pas"),
    ],
)
def test_un_fichier_d_un_autre_referentiel_ou_mal_numerote_est_refuse(ligne, erreur):
    vide = ReferentielFactory(code="qual-e-pref", version="2019")
    entete = "Référentiel;Version;Module;Titre du module;Type;N°;Engagement\n"
    rapport = _importer(vide, f"{entete}{ligne}\n".encode(), "r.csv")
    assert rapport.erreurs[0].startswith(erreur), rapport.erreurs
    assert not Module.objects.filter(referentiel=vide).exists()


def test_cellule_retouchee_ne_change_que_cet_engagement_ou_ce_module(referentiel):
    from openpyxl import load_workbook

    classeur = load_workbook(io.BytesIO(exporter(referentiel, "xlsx")))
    feuille = classeur["Référentiel"]
    entetes = [cellule.value for cellule in feuille[1]]
    feuille.cell(row=3, column=entetes.index("Engagement") + 1, value="Un accueil attentif")
    feuille.cell(row=4, column=entetes.index("Type") + 1, value="Obligatoire")
    sortie = io.BytesIO()
    classeur.save(sortie)
    rapport = _importer(referentiel, sortie.getvalue(), "r.xlsx", simulation=True)
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 2, 5)
    assert rapport.changements == [
        'ligne 3 : Engagement Un accueil "attentif", courtois → Un accueil attentif',
        "ligne 4 : Type Métier → Obligatoire",
    ]
    assert Engagement.objects.get(module__numero=1, numero=2).libelle == 'Un accueil "attentif", courtois'
    _importer(referentiel, sortie.getvalue(), "r.xlsx")
    assert Engagement.objects.get(module__numero=1, numero=2).libelle == "Un accueil attentif"
    assert Module.objects.get(referentiel=referentiel, numero=3).type == "obligatoire"
    assert Module.objects.get(referentiel=referentiel, numero=7).type == "optionnel"


@pytest.mark.parametrize("nombre", [2, 20])
def test_reimport_en_requetes_bornees(django_assert_max_num_queries, nombre):
    referentiel = ReferentielFactory(code="qual-e-pref", version="2019")
    for numero in range(1, nombre + 1):
        module = ModuleFactory(referentiel=referentiel, numero=numero, titre=f"Module {numero}")
        EngagementFactory(module=module, numero=1, libelle=f"Engagement {numero}")
    fichier = exporter(referentiel, "xlsx")
    with django_assert_max_num_queries(8):
        rapport = _importer(referentiel, fichier, "r.xlsx")
    assert rapport.inchanges == 2 * nombre
