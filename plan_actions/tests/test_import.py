import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook
from pytest_django.asserts import assertContains

from engagements.tests.factories import EngagementFactory, ModuleFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.echanges import ENTETES, exporter, importer_actions
from plan_actions.models import Action, Commentaire, Origine, Statut
from qualite.imports import executer_import

from .factories import ActionFactory, CommentaireFactory

pytestmark = pytest.mark.django_db


def _csv(*lignes, entetes=None) -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";")
    for ligne in [entetes or ENTETES, *lignes]:
        ecrivain.writerow(ligne)
    return sortie.getvalue().encode("utf-8")


def _importer(contenu: bytes, nom="plan.csv", utilisateur=None, simulation=False):
    return executer_import(
        importer_actions, simulation=simulation, fichier=io.BytesIO(contenu), nom=nom, utilisateur=utilisateur
    )


def _ligne(**valeurs) -> list[str]:
    defaut = dict.fromkeys(ENTETES, "")
    defaut.update(valeurs)
    return [defaut[entete] for entete in ENTETES]


@pytest.fixture
def referentiel():
    module1, module7 = ModuleFactory(numero=1), ModuleFactory(numero=7)
    return {"1": module1, "7": module7, "1.17": EngagementFactory(module=module1, numero=17)}


def test_import_cree_avec_en_tetes_sans_casse_ni_accents(referentiel):
    service = ServiceFactory(nom="Pôle accueil téléphonique")
    responsable = UtilisateurFactory(first_name="Léa", last_name="Martin")
    entetes = [e.upper().replace("É", "E") for e in ENTETES]
    contenu = _csv(
        [
            "2023-012",
            "Afficher les horaires",
            "Sur le site",
            "Constat d'audit — observation d'audit 2023 n°3 (Module 1)",
            "",
            "",
            "Module 1",
            "1.17",
            "POLE ACCUEIL TELEPHONIQUE",
            "léa martin; M. Dupont",
            "31/12/2023",
            "REALISEE",
            "100",
            "15/12/2023",
            "Fait",
        ],
        entetes=entetes,
    )
    rapport = _importer(contenu)
    assert rapport.valide, rapport.erreurs
    action = Action.objects.get(reference="2023-012")
    assert action.origine == Origine.CONSTAT_AUDIT
    assert action.origine_libelle == "observation d'audit 2023 n°3 (Module 1)"
    assert list(action.modules.all()) == [referentiel["1"]]
    assert list(action.engagements.all()) == [referentiel["1.17"]]
    assert action.service_pilote == service
    assert list(action.responsables.all()) == [responsable]
    assert action.responsable_nom == "M. Dupont"
    assert action.echeance == datetime.date(2023, 12, 31)
    assert (action.statut, action.avancement) == (Statut.REALISEE, 100)
    assert action.date_realisation == datetime.date(2023, 12, 15)
    assert action.commentaires.get().texte == "Fait"


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("réalisé", Statut.REALISEE),
        ("Réalisée", Statut.REALISEE),
        ("REALISEE", Statut.REALISEE),
        ("en cours", Statut.EN_COURS),
        ("Abandonné", Statut.ABANDONNEE),
        ("reporté", Statut.REPORTEE),
        ("A lancer", Statut.A_LANCER),
    ],
)
def test_statuts_quels_que_soient_casse_accents_genre(texte, attendu):
    assert _importer(_csv(_ligne(**{"Intitulé": "Action", "Statut": texte}))).valide
    assert Action.objects.get().statut == attendu


def test_dates_excel_et_xlsx():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["Plan d'actions qualité 2023"])
    feuille.append(ENTETES)
    feuille.append(_ligne(**{"Intitulé": "Date Excel", "Échéance": 45291}))
    feuille.append(_ligne(**{"Intitulé": "Date cellule", "Échéance": datetime.datetime(2024, 3, 1)}))
    sortie = io.BytesIO()
    classeur.save(sortie)
    assert _importer(sortie.getvalue(), nom="plan.xlsx").valide
    assert Action.objects.get(intitule="Date Excel").echeance == datetime.date(2023, 12, 31)
    assert Action.objects.get(intitule="Date cellule").echeance == datetime.date(2024, 3, 1)


def test_une_ligne_invalide_rien_n_est_ecrit_et_la_ligne_est_nommee():
    contenu = _csv(
        _ligne(**{"N°": "2023-001", "Intitulé": "Bonne ligne"}),
        _ligne(**{"N°": "2023-002", "Intitulé": "Mauvaise date", "Échéance": "32/13/2023"}),
        _ligne(**{"N°": "2023-003", "Intitulé": "Mauvais statut", "Statut": "terminé peut-être"}),
    )
    rapport = _importer(contenu)
    assert not rapport.valide
    assert not Action.objects.exists()
    assert any(e.startswith("Ligne 3 : colonne « Échéance »") for e in rapport.erreurs)
    assert any(e.startswith("Ligne 4 : colonne « Statut »") for e in rapport.erreurs)


def test_reimport_met_a_jour_par_numero_sans_doublon_et_trace_l_auteur():
    referent = UtilisateurFactory(referent=True)
    action = ActionFactory(reference="2021-004", intitule="Ancien intitulé", statut=Statut.EN_COURS)
    contenu = _csv(
        _ligne(
            **{
                "N°": "2021-004",
                "Intitulé": "Ancien intitulé",
                "Statut": "Réalisée",
                "Avancement": "100",
                "Date de réalisation": "01/06/2022",
            }
        )
    )
    rapport = _importer(contenu, utilisateur=referent)
    assert (rapport.crees, rapport.mis_a_jour) == (0, 1)
    assert Action.objects.count() == 1
    action.refresh_from_db()
    assert action.statut == Statut.REALISEE
    derniere = action.history.first()
    assert derniere.history_user == referent


def test_simulation_n_ecrit_rien():
    rapport = _importer(_csv(_ligne(**{"Intitulé": "Simulée"})), simulation=True)
    assert rapport.valide and rapport.crees == 1
    assert not Action.objects.exists()


def _etat():
    return [
        (
            a.reference,
            a.intitule,
            a.description,
            a.origine,
            a.origine_libelle,
            sorted(m.pk for m in a.modules.all()),
            sorted(e.pk for e in a.engagements.all()),
            a.service_pilote_id,
            sorted(u.pk for u in a.responsables.all()),
            a.responsable_nom,
            a.echeance,
            a.statut,
            a.avancement,
            a.date_realisation,
            a.commentaires.count(),
        )
        for a in Action.objects.order_by("reference")
    ]


@pytest.mark.parametrize(("format_fichier", "nom"), [("csv", "plan.csv"), ("xlsx", "plan.xlsx")])
def test_export_puis_import_sans_perte(referentiel, format_fichier, nom):
    responsable = UtilisateurFactory(first_name="Jean", last_name="Valjean")
    ActionFactory(
        reference="2019-001",
        description="Première action",
        origine=Origine.RETEX,
        origine_libelle="exercice 2019",
        modules=[referentiel["1"], referentiel["7"]],
        engagements=[referentiel["1.17"]],
        responsables=[responsable],
        responsable_nom="Mme Externe",
        realisee=True,
    )
    action = ActionFactory(reference="2023-002", origine=Origine.INTERNE, echeance=None, service_pilote=None)
    CommentaireFactory(action=action, texte="Dernier point")
    avant = _etat()
    fichier = exporter(Action.objects.all(), format_fichier)
    # Réimport sur la base vide : tout est recréé à l'identique.
    rapport = _importer(fichier, nom=nom)
    assert rapport.valide and rapport.inchanges == 2, rapport.erreurs
    assert _etat() == avant
    Action.objects.all().delete()
    assert _importer(fichier, nom=nom).crees == 2
    assert _etat() == avant


def test_vue_import_apercu_puis_confirmation(client):
    client.force_login(UtilisateurFactory(referent=True))
    url = reverse("plan_actions:importer")
    assertContains(client.get(url), "Importer le plan d")
    fichier = SimpleUploadedFile("plan.csv", _csv(_ligne(**{"N°": "2023-050", "Intitulé": "Par le navigateur"})))
    reponse = client.post(url, {"fichier": fichier})
    assertContains(reponse, "Aperçu : rien n")
    assert not Action.objects.exists()
    reponse = client.post(url, {"jeton": reponse.context["jeton"]})
    assert reponse.status_code == 302
    assert Action.objects.get().reference == "2023-050"


def test_vue_import_fichier_invalide(client):
    client.force_login(UtilisateurFactory(referent=True))
    fichier = SimpleUploadedFile("plan.csv", _csv(_ligne(**{"Intitulé": "x", "Avancement": "120"})))
    reponse = client.post(reverse("plan_actions:importer"), {"fichier": fichier})
    assertContains(reponse, "Ligne 2 : colonne « Avancement »")
    assert not Action.objects.exists()


def test_export_de_la_liste_filtree(client):
    client.force_login(UtilisateurFactory())
    ActionFactory(intitule="En cours exportée", statut=Statut.EN_COURS)
    ActionFactory(intitule="Réalisée non exportée", realisee=True)
    reponse = client.get(reverse("plan_actions:exporter"), {"statut": "en_cours", "format": "csv"})
    contenu = reponse.content.decode("utf-8-sig")
    entetes = [c for c in contenu.splitlines()[0].split(";") if c != "Libellé des engagements"]
    assert entetes == ENTETES
    assert "En cours exportée" in contenu and "Réalisée non exportée" not in contenu
    reponse = client.get(reverse("plan_actions:exporter"), {"format": "xlsx"})
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")


def test_commande_importer_actions(tmp_path):
    chemin = tmp_path / "plan.csv"
    chemin.write_bytes(_csv(_ligne(**{"Intitulé": "Par la commande"})))
    call_command("importer_actions", str(chemin), "--dry-run", stdout=io.StringIO())
    assert not Action.objects.exists()
    call_command("importer_actions", str(chemin), stdout=io.StringIO())
    assert Action.objects.get().intitule == "Par la commande"
    chemin.write_bytes(_csv(_ligne(**{"Intitulé": "", "Statut": "En cours"})))
    with pytest.raises(CommandError):
        call_command("importer_actions", str(chemin), stdout=io.StringIO(), stderr=io.StringIO())


def _csv_de(n: int, service, debut: int = 0) -> bytes:
    return _csv(
        *(
            _ligne(
                **{
                    "N°": f"IMP-{debut + i:05d}",
                    "Intitulé": f"Action {i}",
                    "Module": "1",
                    "Engagement": "1.17",
                    "Service pilote": service.nom,
                    "Statut": "En cours",
                    "Avancement": "25",
                    "Commentaire": "Repris du tableau" if i % 2 else "",
                }
            )
            for i in range(n)
        )
    )


@pytest.mark.parametrize("nombre", [5, 600])
def test_import_des_actions_nouvelles_en_requetes_constantes(referentiel, nombre, django_assert_max_num_queries):
    """Les actions nouvelles sont écrites par lots : moins d'une requête pour dix lignes (SQLite limite
    les variables d'une requête : ses lots sont plus petits que ceux de PostgreSQL)."""
    service = ServiceFactory(nom="Accueil")
    with django_assert_max_num_queries(22 + nombre // 10):
        rapport = _importer(_csv_de(nombre, service))
    assert rapport.valide, rapport.erreurs
    assert rapport.crees == Action.objects.count() == nombre
    action = Action.objects.get(reference="IMP-00001")
    assert (action.statut, action.avancement, action.service_pilote) == (Statut.EN_COURS, 25, service)
    assert list(action.modules.all()) == [referentiel["1"]]
    assert list(action.engagements.all()) == [referentiel["1.17"]]
    assert action.commentaires.get().texte == "Repris du tableau"
    assert [ligne["Ligne"] for ligne in rapport.apercu] == list(range(2, 2 + min(nombre, 50)))


def test_import_une_entree_d_historique_par_action_relations_comprises(referentiel):
    referent = UtilisateurFactory(referent=True)
    assert _importer(_csv_de(2, ServiceFactory(nom="Accueil")), utilisateur=referent).valide
    action = Action.objects.get(reference="IMP-00000")
    creation = action.history.get()
    assert (creation.history_type, creation.history_user) == ("+", referent)
    assert [m.module for m in creation.modules.all()] == [referentiel["1"]]
    assert [e.engagement for e in creation.engagements.all()] == [referentiel["1.17"]]
    # Une modification ultérieure se compare à cet état : seul le module change.
    from plan_actions.historique import historique_action
    from plan_actions.services import action_mettre_a_jour

    action_mettre_a_jour(action=action, version_lue=1, modifications={"modules": [referentiel["7"]]}, auteur=None)
    changements = [(c.libelle, c.avant, c.apres) for c in historique_action(action)[0].changements]
    assert changements == [("Modules", "Module 1", "Module 7")]


def test_import_references_attribuees_hors_de_celles_du_fichier():
    annee = datetime.date.today().year
    ActionFactory(reference=f"{annee}-001")
    contenu = _csv(
        _ligne(**{"Intitulé": "Sans numéro A"}),
        _ligne(**{"N°": f"{annee}-002", "Intitulé": "Numéro donné"}),
        _ligne(**{"Intitulé": "Sans numéro B"}),
    )
    assert _importer(contenu).valide
    assert Action.objects.get(intitule="Sans numéro A").reference == f"{annee}-003"
    assert Action.objects.get(intitule="Sans numéro B").reference == f"{annee}-004"


def test_import_numero_trop_long_nomme_la_ligne_et_la_colonne_rien_n_est_ecrit():
    contenu = _csv(
        _ligne(**{"N°": "2023-001", "Intitulé": "Bonne ligne"}),
        _ligne(**{"N°": "X" * 31, "Intitulé": "Numéro trop long"}),
    )
    rapport = _importer(contenu)
    assert not rapport.valide
    assert not Action.objects.exists()
    assert rapport.erreurs == [
        "Ligne 3 : colonne « N° » : Assurez-vous que cette valeur comporte au plus 30 caractères (actuellement 31)."
    ]


def test_reimport_a_l_identique_ne_change_rien_en_requetes_constantes(referentiel, django_assert_max_num_queries):
    service = ServiceFactory(nom="Accueil")
    contenu = _csv_de(60, service)
    assert _importer(contenu).valide
    with django_assert_max_num_queries(14):
        rapport = _importer(contenu)
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 0, 60)
    assert Commentaire.objects.count() == 30
