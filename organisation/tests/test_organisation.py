"""Organisation : arbre et totaux, formulaires, import du tableau des agents, démonstration."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from organisation import demo
from organisation.echanges import importer_organisation
from organisation.models import Effectif, Service, Site
from organisation.selectors import dates_effectifs, organisation_a_date
from organisation.services.organigramme import service_enregistrer
from qualite.imports import executer_import

from .factories import EffectifFactory, ServiceFactory, SiteFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db

FIN_2022 = datetime.date(2022, 12, 31)
URL = reverse("organisation:organisation")


@pytest.fixture
def demo_chargee():
    demo.charger(stdout=io.StringIO())


@pytest.fixture
def referent():
    return UtilisateurFactory(username="referent", referent=True)


def _csv(*lignes: str) -> io.BytesIO:
    return io.BytesIO(("entite,direction,service,agents\n" + "\n".join(lignes) + "\n").encode())


def _importer(fichier, *, simulation=False, date=FIN_2022):
    return executer_import(
        importer_organisation,
        simulation=simulation,
        fichier=fichier,
        nom="organisation.csv",
        utilisateur=None,
        date=date,
    )


# Démonstration : le chargement est idempotent (ses chiffres : test_demo.py).


def test_demo_est_idempotente(demo_chargee):
    demo.charger(stdout=io.StringIO())
    assert Service.objects.count() == 2 + 10 + 33
    assert Effectif.objects.count() == 33
    assert Site.objects.filter(nom=demo.sites_demo()[0]["nom"]).count() == 1


# Sélecteur : effectifs à une date, services sans effectif, nombre de requêtes.


def test_organisation_a_une_autre_date_et_service_sans_effectif():
    entite = ServiceFactory(nom="Entité", entite=True)
    direction = ServiceFactory(nom="Direction", direction=True, parent=entite)
    a = ServiceFactory(nom="A", parent=direction)
    b = ServiceFactory(nom="B", parent=entite)
    EffectifFactory(service=a, date=FIN_2022, agents=4)
    EffectifFactory(service=a, date=datetime.date(2023, 12, 31), agents=6)
    EffectifFactory(service=b, date=datetime.date(2023, 12, 31), agents=2)
    EffectifFactory(service=direction, date=datetime.date(2023, 12, 31), agents=1)
    assert organisation_a_date(FIN_2022).total == 4
    fin_2023 = organisation_a_date(datetime.date(2023, 12, 31))
    assert fin_2023.total == 9
    sous_totaux = {n.service.nom: n.total for n in fin_2023.lignes}
    assert sous_totaux == {"Entité": 9, "Direction": 7, "A": 6, "B": 2}
    assert dates_effectifs() == [datetime.date(2023, 12, 31), FIN_2022]


def test_service_inactif_sans_effectif_est_omis():
    entite = ServiceFactory(nom="Entité", entite=True)
    ServiceFactory(nom="Ancien bureau", parent=entite, actif=False)
    inactif_compte = ServiceFactory(nom="Bureau fermé en 2023", parent=entite, actif=False)
    EffectifFactory(service=inactif_compte, agents=3)
    noms = [n.service.nom for n in organisation_a_date(FIN_2022).lignes]
    assert noms == ["Entité", "Bureau fermé en 2023"]


@pytest.mark.parametrize("nombre", [3, 30])
def test_nombre_de_requetes_constant(client, referent, django_assert_max_num_queries, nombre):
    entite = ServiceFactory(entite=True)
    for _ in range(nombre):
        direction = ServiceFactory(direction=True, parent=entite)
        EffectifFactory(service=ServiceFactory(parent=direction))
    client.force_login(referent)
    with django_assert_max_num_queries(11):  # dont l'identité et les halls
        reponse = client.get(URL)
    assert reponse.status_code == 200


# Page « Organisation ».


def test_page_organisation_avec_la_demo(client, demo_chargee):
    client.force_login(UtilisateurFactory(username="copil"))
    reponse = client.get(URL)
    assertContains(reponse, "<h1>Organisation</h1>", html=True)
    assertContains(reponse, "181 agents au 31/12/2022 (décembre 2022) : 113 + 68.")
    assertContains(reponse, "Bureau de l&#x27;accueil et du séjour des étrangers")
    assertContains(reponse, "<caption>", count=2)
    assert len(reponse.context["organisation"].feuilles) == 33
    # Lecture seule pour le COPIL : pas de lien de modification.
    assertNotContains(reponse, reverse("organisation:service_creer"))


def test_page_organisation_choix_de_la_date(client, referent):
    service = ServiceFactory(parent=ServiceFactory(nom="Préfecture", entite=True))
    EffectifFactory(service=service, date=FIN_2022, agents=4)
    EffectifFactory(service=service, date=datetime.date(2023, 12, 31), agents=7)
    client.force_login(referent)
    assertContains(client.get(URL), "7 agents au 31/12/2023")
    assertContains(client.get(URL, {"date": "2022-12-31"}), "4 agents au 31/12/2022")
    # Une date inconnue revient à la plus récente, sans erreur.
    assertContains(client.get(URL, {"date": "2001-01-01"}), "7 agents au 31/12/2023")
    assertContains(client.get(URL), reverse("organisation:service_creer"))


def test_page_organisation_vide(client, referent):
    client.force_login(referent)
    assertContains(client.get(URL), "Aucun effectif n'est encore saisi")


# Services : création, modification, règles de rattachement.


@pytest.fixture
def arbre():
    site = SiteFactory()
    entite = ServiceFactory(nom="Préfecture", entite=True, site=site)
    direction = ServiceFactory(nom="Direction du cabinet", direction=True, parent=entite, site=site)
    service = ServiceFactory(nom="Secrétariat", parent=direction, site=site)
    return SimpleNamespace(site=site, entite=entite, direction=direction, service=service)


def test_creer_un_service(client, referent, arbre):
    client.force_login(referent)
    reponse = client.post(
        reverse("organisation:service_creer"),
        {
            "nom": "Bureau des élections",
            "niveau": "service",
            "parent": arbre.direction.pk,
            "site": arbre.site.pk,
            "ordre": 2,
            "actif": "on",
        },
    )
    assert reponse.status_code == 302
    service = Service.objects.get(nom="Bureau des élections")
    assert service.parent == arbre.direction
    assertContains(client.get(reponse["Location"]), "« Bureau des élections » est enregistré.")


def test_modifier_un_service(client, referent, arbre):
    client.force_login(referent)
    url = reverse("organisation:service_modifier", args=[arbre.service.pk])
    assertContains(client.get(url), "Modifier « Secrétariat »")
    reponse = client.post(
        url,
        {
            "nom": "Secrétariat du cabinet",
            "niveau": "service",
            "parent": arbre.entite.pk,
            "site": arbre.site.pk,
            "ordre": 1,
        },
    )
    assert reponse.status_code == 302
    arbre.service.refresh_from_db()
    assert (arbre.service.nom, arbre.service.parent, arbre.service.actif) == (
        "Secrétariat du cabinet",
        arbre.entite,
        False,
    )


@pytest.mark.parametrize(
    ("cible", "niveau", "parent", "message"),
    [
        ("direction", "direction", "direction", "Un service ne peut pas être rattaché à lui-même."),
        ("entite", "entite", "direction", "Une entité n&#x27;est rattachée à aucun autre service."),
        ("direction", "direction", None, "Indiquez le rattachement : entité."),
        ("service", "service", None, "Indiquez le rattachement : direction ou entité."),
        ("nouvelle", "direction", "direction", "Une direction se rattache à une entité."),
    ],
)
def test_rattachement_invalide(client, referent, arbre, cible, niveau, parent, message):
    client.force_login(referent)
    url = (
        reverse("organisation:service_creer")
        if cible == "nouvelle"
        else reverse("organisation:service_modifier", args=[getattr(arbre, cible).pk])
    )
    donnees = {"nom": "Nom", "niveau": niveau, "site": arbre.site.pk, "ordre": 0, "actif": "on"}
    if parent:
        donnees["parent"] = getattr(arbre, parent).pk
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assertContains(reponse, message)
    assert not Service.objects.filter(nom="Nom").exists()


def test_un_service_ne_peut_pas_etre_rattache_a_son_descendant(arbre):
    sous_direction = ServiceFactory(nom="Sous-direction", direction=True, parent=arbre.entite)
    with pytest.raises(ValidationError, match="l'un de ses descendants"):
        service_enregistrer(
            service=arbre.entite,
            nom="Préfecture",
            niveau=Service.Niveau.DIRECTION,
            parent=sous_direction,
            site=arbre.site,
        )


def test_un_service_ne_se_rattache_pas_a_un_service():
    feuille = ServiceFactory(parent=ServiceFactory(entite=True))
    with pytest.raises(ValidationError, match="direction ou à une entité"):
        service_enregistrer(nom="Pôle", niveau=Service.Niveau.SERVICE, parent=feuille, site=feuille.site)


# Effectif et sites.


def test_saisir_puis_corriger_un_effectif(client, referent, arbre):
    client.force_login(referent)
    url = reverse("organisation:effectif_saisir", args=[arbre.service.pk])
    assertContains(client.get(url), "Effectif de « Secrétariat »")
    reponse = client.post(url, {"date": "31/12/2023", "agents": 4})
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}?date=2023-12-31"
    client.post(url, {"date": "2023-12-31", "agents": 5})
    assert Effectif.objects.get(service=arbre.service).agents == 5
    reponse = client.post(url, {"date": "2023-12-31", "agents": -1})
    assertContains(reponse, "Assurez-vous que cette valeur est supérieure ou égale à 0.")
    assert Effectif.objects.get(service=arbre.service).agents == 5


def test_creer_et_modifier_un_site(client, referent):
    client.force_login(referent)
    reponse = client.post(
        reverse("organisation:site_creer"),
        {"nom": "Sous-préfecture de Saint-Claude", "type": "sous_prefecture", "ordre": 2},
    )
    assert reponse.status_code == 302
    site = Site.objects.get(nom="Sous-préfecture de Saint-Claude")
    assert site.type == Site.Type.SOUS_PREFECTURE
    url = reverse("organisation:site_modifier", args=[site.pk])
    reponse = client.post(url, {"nom": "", "type": "sous_prefecture", "ordre": 2})
    assertContains(reponse, "Ce champ est obligatoire.")
    client.post(url, {"nom": site.nom, "type": "sous_prefecture", "adresse": "Saint-Claude", "ordre": 2})
    site.refresh_from_db()
    assert site.adresse == "Saint-Claude"


# Import du tableau des agents.


def test_import_une_mauvaise_ligne_rien_n_est_ecrit():
    SiteFactory()
    rapport = _importer(
        _csv(
            "Préfecture,Direction du cabinet,Secrétariat,1",
            "Préfecture,Direction du cabinet,Bureau de la sécurité intérieure,5",
            "Préfecture,Direction du cabinet,,3",
            "Préfecture,Direction du cabinet,Bureau des polices administratives,douze",
            "Préfecture,Direction du cabinet,SIDPC,-2",
            "SGCD,Direction,Appui au pilotage,5",
            "Préfecture,Direction du cabinet,Secrétariat,1",
        )
    )
    assert rapport.erreurs == [
        "Ligne 4 : colonne « Service » : service vide",
        "Ligne 5 : colonne « Agents » : nombre « douze » non reconnu",
        "Ligne 6 : colonne « Agents » : agents « -2 » ne peut pas être négatif",
        "Ligne 8 : colonne « Service » : ce service figure déjà ligne 2",
    ]
    assert not Service.objects.exists()
    assert not Effectif.objects.exists()


def test_import_puis_reimport_met_a_jour_sans_dupliquer():
    SiteFactory()
    lignes = ["Préfecture,Direction du cabinet,Secrétariat,1", "SGCD,Direction,Appui au pilotage,5"]
    rapport = _importer(_csv(*lignes))
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (2, 0, 0)
    assert Service.objects.count() == 6
    rapport = _importer(_csv(lignes[0], "SGCD,Direction,Appui au pilotage,6"))
    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (0, 1, 1)
    assert Service.objects.count() == 6
    assert Effectif.objects.get(service__nom="Appui au pilotage").agents == 6
    # Une autre date ajoute des effectifs, pas de services.
    rapport = _importer(_csv(*lignes), date=datetime.date(2023, 12, 31))
    assert rapport.crees == 2
    assert Service.objects.count() == 6


def test_import_sans_site():
    rapport = _importer(_csv("Préfecture,Cabinet,Secrétariat,1"))
    assert rapport.erreurs == ["Aucun site n'existe : créez d'abord le site de la préfecture."]


def test_import_xlsx():
    from openpyxl import Workbook

    SiteFactory()
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["Organisation au 31/12/2022"])
    feuille.append(["Entités", "Directions", "Services", "Agents"])
    feuille.append(["Préfecture", "Cabinet", "Secrétariat", 2])
    contenu = io.BytesIO()
    classeur.save(contenu)
    contenu.seek(0)
    rapport = executer_import(
        importer_organisation, simulation=False, fichier=contenu, nom="org.xlsx", utilisateur=None, date=FIN_2022
    )
    assert rapport.valide, rapport.erreurs
    assert Effectif.objects.get().agents == 2


def test_commande_dry_run_puis_import(tmp_path):
    SiteFactory()
    chemin = tmp_path / "organisation.csv"
    chemin.write_bytes(demo.FICHIER.read_bytes())
    sortie = io.StringIO()
    call_command("importer_organisation", str(chemin), "--dry-run", "--date", "2022-12-31", stdout=sortie)
    assert "33 créés, 0 mis à jour, 0 inchangé : seraient enregistrés." in sortie.getvalue()
    assert not Effectif.objects.exists()
    call_command("importer_organisation", str(chemin), "--date", "2022-12-31", stdout=io.StringIO())
    assert organisation_a_date(FIN_2022).total == 181


def test_commande_refuse_un_fichier_invalide(tmp_path):
    SiteFactory()
    chemin = tmp_path / "organisation.csv"
    chemin.write_bytes(_csv("Préfecture,Cabinet,Secrétariat,douze").getvalue())
    erreurs = io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("importer_organisation", str(chemin), "--date", "2022-12-31", stderr=erreurs)
    assert "Ligne 2 : colonne « Agents » : nombre « douze » non reconnu" in erreurs.getvalue()
    with pytest.raises(CommandError, match="Date « 31/12 » invalide"):
        call_command("importer_organisation", str(chemin), "--date", "31/12")


def test_import_navigateur_apercu_puis_confirmation(client, referent):
    SiteFactory()
    client.force_login(referent)
    url = reverse("organisation:importer")
    assertContains(client.get(url), "Date des effectifs importés")
    url_date = f"{url}?date=2022-12-31"
    assertContains(client.get(url_date), "Importer l&#x27;organisation et les effectifs au 31/12/2022")
    fichier = SimpleUploadedFile("organisation.csv", demo.FICHIER.read_bytes(), content_type="text/csv")
    reponse = client.post(url_date, {"fichier": fichier})
    assertContains(reponse, "Aperçu : rien n'est encore enregistré")
    assert not Effectif.objects.exists()
    reponse = client.post(url_date, {"jeton": reponse.context["jeton"]})
    assert reponse.status_code == 302
    assert organisation_a_date(FIN_2022).total == 181
    assertContains(client.get(reponse["Location"]), "Import terminé : 33 créés")


def test_import_navigateur_ligne_invalide(client, referent):
    SiteFactory()
    client.force_login(referent)
    fichier = SimpleUploadedFile("organisation.csv", _csv("Préfecture,Cabinet,Secrétariat,douze").getvalue())
    reponse = client.post(f"{reverse('organisation:importer')}?date=2022-12-31", {"fichier": fichier})
    assertContains(reponse, "Ligne 2 : colonne « Agents » : nombre « douze » non reconnu")
    assert not Service.objects.exists()


@pytest.mark.parametrize("nombre", [2, 40])
def test_selecteur_en_deux_requetes(django_assert_num_queries, nombre):
    entite = ServiceFactory(entite=True)
    for _ in range(nombre):
        EffectifFactory(service=ServiceFactory(parent=entite), agents=2)
    with django_assert_num_queries(2):
        organisation = organisation_a_date(FIN_2022)
        assert organisation.total == 2 * nombre
