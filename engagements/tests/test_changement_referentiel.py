"""Changement de référentiel : correspondances (tableur, couverture, saisie), migration (périmètre, autodiagnostics,
preuves), lecture seule de l'ancien référentiel. Les actions et constats sont repris par leurs applications (voir
exploitation/tests/test_changement_referentiel.py, sur la démonstration)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisation.tests.factories import SiteFactory, UtilisateurFactory
from qualite.imports import executer_import

from .. import services
from ..correspondances import exporter, importer_correspondances, lignes_export
from ..migration import migrer_referentiel
from ..models import Autodiagnostic, Correspondance, CycleLabel, MigrationReferentiel, Preuve, Reprise
from ..selectors import perimetre_en_cours, table_correspondances
from .factories import (
    AutodiagnosticFactory,
    CorrespondanceFactory,
    CycleLabelFactory,
    EngagementFactory,
    ModuleFactory,
    PerimetreFactory,
    PreuveFactory,
    ReferentielFactory,
)

pytestmark = pytest.mark.django_db

ENTETE = (
    "Référentiel d'origine;Version d'origine;Engagement d'origine;Référentiel cible;Version cible;Engagement cible\n"
)


def _formulaire(page, champ: str):
    return next(formulaire for formulaire in page.forms.values() if champ in formulaire.fields)


@pytest.fixture
def paire():
    """Qual-e-Pref (modules 1 et 7) → Quali-ATE (socles 1 et 2, métiers 3 et 4) : 1.1 → 1.1 (identique),
    1.2 → 1.2 et 3.1 (scindé), 1.3 et 7.1 → 4.1 (fusionnés), 7.2 retiré, 7.3 à décider ; 2.1 est nouveau."""
    ancien = ReferentielFactory(code="qual-e-pref", version="2019", titre="Qual-e-Pref", qual_e_pref=True)
    nouveau = ReferentielFactory(code="quali-ate", version="2025", titre="Quali-ATE", quali_ate=True)
    m1 = ModuleFactory(referentiel=ancien, numero=1, type="obligatoire")
    m7 = ModuleFactory(referentiel=ancien, numero=7, type="optionnel")
    a = {
        "1.1": EngagementFactory(module=m1, numero=1, libelle="Informer"),
        "1.2": EngagementFactory(module=m1, numero=2, libelle="Accueillir"),
        "1.3": EngagementFactory(module=m1, numero=3, libelle="Écouter"),
        "7.1": EngagementFactory(module=m7, numero=1, libelle="Alerter"),
        "7.2": EngagementFactory(module=m7, numero=2, libelle="=Informer les élus"),
        "7.3": EngagementFactory(module=m7, numero=3, libelle="S'exercer"),
    }
    modules = {
        n: ModuleFactory(referentiel=nouveau, numero=n, type="socle" if n <= 2 else "metier") for n in (1, 2, 3, 4)
    }
    n = {
        "1.1": EngagementFactory(module=modules[1], numero=1, libelle="Informer"),
        "1.2": EngagementFactory(module=modules[1], numero=2, libelle="Accueillir sur tous les canaux"),
        "2.1": EngagementFactory(module=modules[2], numero=1, libelle="Mesurer"),
        "3.1": EngagementFactory(module=modules[3], numero=1, libelle="Orienter"),
        "4.1": EngagementFactory(module=modules[4], numero=1, libelle="Écouter et alerter"),
    }
    for depuis, vers in [("1.1", "1.1"), ("1.2", "1.2"), ("1.2", "3.1"), ("1.3", "4.1"), ("7.1", "4.1")]:
        CorrespondanceFactory(ancien=a[depuis], nouveau=n[vers], commentaire="=SOMME(A1)" if depuis == "1.3" else "")
    CorrespondanceFactory(ancien=a["7.2"], nouveau=None, vers=nouveau, commentaire="retiré")
    return ancien, nouveau, a, n


def _importer(depuis, vers, contenu: bytes, nom: str, simulation=False):
    return executer_import(
        importer_correspondances,
        simulation=simulation,
        fichier=io.BytesIO(contenu),
        nom=nom,
        utilisateur=None,
        depuis=depuis,
        vers=vers,
    )


def _table(ancien, nouveau) -> set[tuple]:
    return set(
        Correspondance.objects.filter(depuis=ancien, vers=nouveau).values_list("ancien_id", "nouveau_id", "commentaire")
    )


def test_la_couverture_nomme_nouveaux_retires_modifies_et_a_decider(paire, django_assert_max_num_queries):
    ancien, nouveau, a, n = paire
    with django_assert_max_num_queries(3):
        table = table_correspondances(depuis=ancien, vers=nouveau)
    natures = {ligne.ancien.code: ligne.nature for ligne in table.lignes}
    assert natures == {
        "1.1": "repris à l'identique",
        "1.2": "scindé (un pour plusieurs)",
        "1.3": "fusionné (plusieurs pour un)",
        "7.1": "fusionné (plusieurs pour un)",
        "7.2": "retiré (aucun successeur)",
        "7.3": "à décider",
    }
    assert [e.code for e in table.nouveaux] == ["2.1"]
    assert [ligne.ancien.code for ligne in table.sans_successeur] == ["7.2", "7.3"]
    assert [ligne.ancien.code for ligne in table.modifies] == ["1.2", "1.3", "7.1"]
    assert not table.complete


@pytest.mark.parametrize(("format_fichier", "nom"), [("csv", "c.csv"), ("xlsx", "c.xlsx")])
def test_export_puis_import_redonne_la_meme_table(paire, format_fichier, nom):
    ancien, nouveau, a, n = paire
    avant = _table(ancien, nouveau)
    contenu = exporter(ancien, nouveau, format_fichier)
    if nom.endswith(".csv"):
        texte = contenu.decode("utf-8-sig")
        assert "qual-e-pref;2019;7.2;'=Informer les élus;quali-ate;2025;aucun;;retiré" in texte  # neutralisée
        assert "qual-e-pref;2019;7.3;S'exercer;quali-ate;2025;;;" in texte  # à décider : cible vide
    Correspondance.objects.all().delete()
    rapport = _importer(ancien, nouveau, contenu, nom)
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour) == (5, 0)
    assert _table(ancien, nouveau) == avant  # commentaire « =SOMME(A1) » restauré compris
    rapport = _importer(ancien, nouveau, contenu, nom)
    assert (rapport.crees, rapport.mis_a_jour) == (0, 0)
    assert lignes_export(ancien, nouveau) == lignes_export(ancien, nouveau)


def test_l_import_remplace_les_successeurs_des_engagements_cites(paire):
    ancien, nouveau, a, n = paire
    contenu = (ENTETE + "qual-e-pref;2019;1.2;quali-ate;2025;2.1\nqual-e-pref;2019;7.3;quali-ate;2025;aucun\n").encode()
    rapport = _importer(ancien, nouveau, contenu, "c.csv")
    assert rapport.valide, rapport.erreurs
    assert (rapport.crees, rapport.mis_a_jour) == (1, 1)
    table = {ligne.ancien.code: ligne for ligne in table_correspondances(depuis=ancien, vers=nouveau).lignes}
    assert [e.code for e in table["1.2"].successeurs] == ["2.1"]
    assert table["7.3"].retire
    assert [e.code for e in table["1.1"].successeurs] == ["1.1"]  # non cité : inchangé


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        ("qual-e-pref;2019;1.1;quali-ate;2024;1.1", "Ligne 3 : Référentiel cible : la ligne cite « quali-ate:2024 »"),
        ("services-publics-plus;2023;1.1;quali-ate;2025;1.1", "Ligne 3 : Référentiel d'origine : la ligne cite"),
        ("qual-e-pref;2019;9.9;quali-ate;2025;1.1", "Ligne 3 : Engagement d'origine : 9.9 n'existe pas dans"),
        ("qual-e-pref;2019;1.1;quali-ate;2025;5.1", "Ligne 3 : Engagement cible : 5.1 n'existe pas dans Quali-ATE"),
        ("qual-e-pref;2019;1.1;quali-ate;2025;abc", "Ligne 3 : Engagement cible : « abc » n'est pas un numéro"),
        ("qual-e-pref;2019;1.1;quali-ate;2025;aucun", "Ligne 3 : Engagement cible : 1.1 ne peut pas être à la fois"),
        ("qual-e-pref;2019;1.1;quali-ate;2025;1.1", "Ligne 3 : Engagement cible : 1.1 → 1.1 figure déjà plus haut"),
    ],
)
def test_une_ligne_invalide_est_nommee_et_rien_n_est_ecrit(paire, ligne, erreur):
    ancien, nouveau, a, n = paire
    avant = _table(ancien, nouveau)
    contenu = (ENTETE + f"qual-e-pref;2019;1.1;quali-ate;2025;1.1\n{ligne}\n").encode()
    rapport = _importer(ancien, nouveau, contenu, "c.csv")
    assert not rapport.valide
    assert any(message.startswith(erreur) for message in rapport.erreurs), rapport.erreurs
    assert _table(ancien, nouveau) == avant


@pytest.fixture
def site_sur_l_ancien(paire):
    ancien, nouveau, a, n = paire
    site = SiteFactory(nom="Préfecture (test)", type="prefecture")
    cycle = CycleLabelFactory(site=site, referentiel=ancien)
    PerimetreFactory(cycle=cycle, modules=list(ancien.modules.all()))
    return site


def test_la_migration_reprend_perimetre_autodiagnostics_et_preuves_valides(paire, site_sur_l_ancien):
    ancien, nouveau, a, n = paire
    auteur = UtilisateurFactory(referent=True)
    AutodiagnosticFactory(engagement=a["1.3"], date=datetime.date(2023, 1, 5), niveau="partiel")
    plus_recent = AutodiagnosticFactory(engagement=a["7.1"], date=datetime.date(2023, 6, 1), niveau="non_conforme")
    AutodiagnosticFactory(engagement=a["1.1"], date=datetime.date(2022, 1, 1), niveau="non_conforme")
    dernier_1_1 = AutodiagnosticFactory(engagement=a["1.1"], date=datetime.date(2023, 1, 1), niveau="conforme")
    AutodiagnosticFactory(engagement=a["1.2"], niveau="partiel")
    AutodiagnosticFactory(engagement=n["3.1"], niveau="conforme")  # déjà évalué sur Quali-ATE : garde la sienne
    valide = PreuveFactory(engagement=a["1.2"], en_lien=True, a_revoir_le=datetime.date(2030, 1, 1))
    fichier = PreuveFactory(engagement=a["1.1"])
    PreuveFactory(engagement=a["1.1"], en_lien=True, a_revoir_le=datetime.date(2024, 1, 1))  # expirée

    apercu = migrer_referentiel(
        depuis=ancien, vers=nouveau, auteur=auteur, simulation=True, le=datetime.date(2024, 7, 1)
    )
    assert apercu.valide, apercu.erreurs
    assert not MigrationReferentiel.objects.exists() and not Reprise.objects.exists()
    assert Autodiagnostic.objects.filter(engagement__referentiel=nouveau).count() == 1
    assert CycleLabel.objects.filter(referentiel=nouveau).count() == 0

    rapport = migrer_referentiel(
        depuis=ancien, vers=nouveau, auteur=auteur, simulation=False, le=datetime.date(2024, 7, 1)
    )
    assert rapport.valide, rapport.erreurs
    assert [(c.nature, c.avant, c.apres) for c in rapport.changements] == [
        (c.nature, c.avant, c.apres) for c in apercu.changements
    ]
    repris = {
        a.engagement.code: (a.niveau, a.repris_de_id, a.date)
        for a in Autodiagnostic.objects.filter(engagement__referentiel=nouveau, repris_de__isnull=False)
    }
    assert repris == {
        "1.1": ("conforme", dernier_1_1.pk, datetime.date(2024, 7, 1)),
        "1.2": ("partiel", repris["1.2"][1], datetime.date(2024, 7, 1)),
        "4.1": ("non_conforme", plus_recent.pk, datetime.date(2024, 7, 1)),  # le plus récent de 1.3 et 7.1
    }
    assert Autodiagnostic.objects.filter(engagement=n["3.1"]).count() == 1
    copies = Preuve.objects.filter(engagement__referentiel=nouveau).order_by("engagement__module__numero")
    assert [(p.engagement.code, p.reprise_de_id) for p in copies] == [
        ("1.1", fichier.pk),
        ("1.2", valide.pk),
        ("3.1", valide.pk),
    ]
    assert copies[0].fichier.name == fichier.fichier.name  # le même fichier, sans copie
    assert Preuve.objects.filter(engagement__referentiel=ancien).count() == 3  # rien n'est retiré
    perimetre = perimetre_en_cours(site=site_sur_l_ancien)
    assert perimetre.cycle.referentiel == nouveau and perimetre.cycle.date_obtention is None
    assert [m.numero for m in perimetre.modules.all()] == [1, 2, 3, 4]
    migration = MigrationReferentiel.objects.get()
    assert migration.reprises.filter(nature="autodiagnostics").count() == 3
    assert migration.reprises.filter(nature="preuves").count() == 3


def test_un_perimetre_repris_invalide_refuse_toute_la_migration(paire, site_sur_l_ancien):
    ancien, nouveau, a, n = paire
    Correspondance.objects.filter(nouveau__module__numero__in=(3, 4)).delete()  # plus aucun métier
    AutodiagnosticFactory(engagement=a["1.1"])
    rapport = migrer_referentiel(depuis=ancien, vers=nouveau, auteur=None, simulation=False)
    assert not rapport.valide
    assert rapport.erreurs[0].startswith("Préfecture (test) : le périmètre repris (modules 1, 2) est refusé.")
    assert "doit présenter au moins 2 modules métiers (0 choisi)" in rapport.erreurs[0]
    assert not MigrationReferentiel.objects.exists()
    assert not Autodiagnostic.objects.filter(engagement__referentiel=nouveau).exists()


def test_migration_refusee_sans_correspondance_ou_deja_faite(paire):
    ancien, nouveau, a, n = paire
    autre = ReferentielFactory(code="autre")
    assert migrer_referentiel(depuis=ancien, vers=autre, auteur=None, simulation=True).erreurs == [
        f"Aucune correspondance de {ancien} vers {autre} : saisissez-les ou importez-les avant de migrer."
    ]
    assert migrer_referentiel(depuis=ancien, vers=ancien, auteur=None, simulation=True).erreurs == [
        "Choisissez deux référentiels différents."
    ]
    assert migrer_referentiel(depuis=ancien, vers=nouveau, auteur=None, simulation=False).valide
    assert migrer_referentiel(depuis=ancien, vers=nouveau, auteur=None, simulation=True).erreurs == [
        f"La migration de {ancien} vers {nouveau} a déjà été faite."
    ]


def _fichier_referentiel(dossier):
    chemin = dossier / "r.csv"
    chemin.write_text("Module;Titre du module;Type;N°;Engagement\n1;Relation;Obligatoire;9;Nouveau\n", encoding="utf-8")
    return chemin


def test_l_ancien_referentiel_passe_en_lecture_seule(paire, app, tmp_path):
    ancien, nouveau, a, n = paire
    migrer_referentiel(depuis=ancien, vers=nouveau, auteur=None, simulation=False)
    with pytest.raises(ValidationError, match="a été remplacé"):
        services.autodiagnostic_ajouter(engagement=a["1.1"], niveau="conforme", auteur=None)
    with pytest.raises(ValidationError, match="a été remplacé"):
        services.preuve_ajouter(engagement=a["1.1"], titre="Lien", lien="https://exemple.fr", auteur=None)
    referent = UtilisateurFactory(referent=True)
    for url in (
        reverse("engagements:engagement_modifier", args=[a["1.1"].pk]),
        reverse("engagements:module_creer", args=[ancien.pk]),
        reverse("engagements:referentiel_import", args=[ancien.pk]),
        reverse("engagements:correspondance_modifier", args=[ancien.pk, nouveau.pk, a["7.3"].pk]),
    ):
        page = app.get(url, user=referent).follow()
        assert "a été remplacé" in page.text, url
    fiche = app.get(reverse("engagements:engagement_detail", args=[a["1.1"].pk]), user=referent)
    assert "Évaluer l'engagement" not in fiche.text and "en lecture seule" in fiche.text
    assert "Successeur dans Quali-ATE 2025 :" in fiche.text and ">1.1</a> – Informer" in fiche.text
    nouvelle = app.get(reverse("engagements:engagement_detail", args=[n["4.1"].pk]), user=referent).text
    assert ">1.3</a> de Qual-e-Pref 2019" in nouvelle and ">7.1</a> de Qual-e-Pref" in nouvelle
    retire = app.get(reverse("engagements:engagement_detail", args=[a["7.2"].pk]), user=referent).text
    assert "Retiré de Quali-ATE 2025 : aucun successeur." in retire
    with pytest.raises(CommandError, match="Import refusé"):
        call_command("importer_referentiel", str(_fichier_referentiel(tmp_path)), "--referentiel", "qual-e-pref")
    # Le nouveau référentiel, lui, s'évalue.
    assert services.autodiagnostic_ajouter(engagement=n["2.1"], niveau="conforme", auteur=None).pk


def test_commande_dry_run_puis_execution(paire, site_sur_l_ancien):
    AutodiagnosticFactory(engagement=paire[2]["1.1"])
    sortie = io.StringIO()
    call_command(
        "migrer_referentiel", "--depuis", "qual-e-pref:2019", "--vers", "quali-ate:2025", "--dry-run", stdout=sortie
    )
    assert "Aperçu (rien n'est enregistré) : Qual-e-Pref 2019 → Quali-ATE 2025" in sortie.getvalue()
    assert "Autodiagnostics : 1" in sortie.getvalue()
    assert not MigrationReferentiel.objects.exists()
    call_command("migrer_referentiel", "--depuis", "qual-e-pref:2019", "--vers", "quali-ate:2025", stdout=io.StringIO())
    assert MigrationReferentiel.objects.count() == 1
    with pytest.raises(CommandError, match="introuvable"):
        call_command("migrer_referentiel", "--depuis", "qual-e-pref:1999", "--vers", "quali-ate:2025")


# Pages (formulaires soumis tels qu'affichés).


def test_choisir_la_paire_puis_modifier_les_successeurs(paire, app):
    ancien, nouveau, a, n = paire
    referent = UtilisateurFactory(referent=True)
    page = app.get(reverse("engagements:correspondance_list"), user=referent)
    formulaire = page.forms["paire"]
    formulaire["depuis"] = ancien.pk
    formulaire["vers"] = ancien.pk
    refus = formulaire.submit(user=referent)
    assert "Choisissez un référentiel cible différent" in refus.text
    formulaire = refus.forms["paire"]
    formulaire["vers"] = nouveau.pk
    table = formulaire.submit(user=referent).follow(user=referent)
    assert "Nouveaux engagements, sans aucun ancien (1)" in table.text
    assert "7.3 – S&#x27;exercer" in table.text or "7.3 – S'exercer" in table.text

    url = reverse("engagements:correspondance_modifier", args=[ancien.pk, nouveau.pk, a["7.3"].pk])
    formulaire = _formulaire(app.get(url, user=referent), "retire")
    formulaire["retire"] = True
    formulaire["successeurs"] = [str(n["2.1"].pk)]
    erreur = formulaire.submit(user=referent)
    assert "Un engagement retiré n&#x27;a pas de successeur" in erreur.text
    assert not Correspondance.objects.filter(ancien=a["7.3"]).exists()
    formulaire = _formulaire(erreur, "retire")
    formulaire["retire"] = False
    formulaire["commentaire"] = "nouveau : mesurer"
    formulaire.submit(user=referent).follow(user=referent)
    assert list(Correspondance.objects.filter(ancien=a["7.3"]).values_list("nouveau_id", "commentaire")) == [
        (n["2.1"].pk, "nouveau : mesurer")
    ]


def test_importer_les_correspondances_dans_le_navigateur(paire, app):
    ancien, nouveau, a, n = paire
    referent = UtilisateurFactory(referent=True)
    contenu = (
        exporter(ancien, nouveau, "csv")
        .decode("utf-8-sig")
        .replace(";7.3;S'exercer;quali-ate;2025;;", ";7.3;S'exercer;quali-ate;2025;2.1;")
    )
    page = app.get(reverse("engagements:correspondance_import", args=[ancien.pk, nouveau.pk]), user=referent)
    formulaire = _formulaire(page, "fichier")
    formulaire["fichier"] = ("correspondances.csv", contenu.encode("utf-8"))
    apercu = formulaire.submit(user=referent)
    assert "1 créé, 0 mis à jour" in apercu.text
    assert not Correspondance.objects.filter(ancien=a["7.3"]).exists()
    _formulaire(apercu, "jeton").submit(user=referent).follow(user=referent)
    assert Correspondance.objects.get(ancien=a["7.3"]).nouveau == n["2.1"]


def test_la_table_compte_ses_requetes(paire, client, django_assert_max_num_queries):
    ancien, nouveau, a, n = paire
    client.force_login(UtilisateurFactory(referent=True))
    url = reverse("engagements:correspondance_table", args=[ancien.pk, nouveau.pk])
    with django_assert_max_num_queries(15) as petite:
        client.get(url)
    module = ancien.modules.get(numero=1)
    for numero in range(10, 40):
        CorrespondanceFactory(ancien=EngagementFactory(module=module, numero=numero), nouveau=n["2.1"])
    with django_assert_max_num_queries(len(petite.captured_queries)):
        assert client.get(url).status_code == 200


def test_l_assistant_explique_pourquoi_la_migration_est_impossible(paire, site_sur_l_ancien, app):
    ancien, nouveau, a, n = paire
    Correspondance.objects.filter(nouveau__module__numero__in=(3, 4)).delete()  # plus aucun métier
    referent = UtilisateurFactory(referent=True)
    page = app.get(reverse("engagements:migration_assistant", args=[ancien.pk, nouveau.pk]), user=referent)
    assert "La migration n'est pas possible en l'état" in page.text
    assert "doit présenter au moins 2 modules métiers (0 choisi)" in page.text
    assert "confirmer" not in page.text
    assert not MigrationReferentiel.objects.exists()
