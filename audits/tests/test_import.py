"""Import du tableau de l'auditeur : la seed, les variantes d'en-tête, les refus, le ré-import."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audits.models import Constat, Nature, Portee
from audits.services import constats_importer
from engagements.tests.factories import ModuleFactory, ReferentielFactory
from organisation.tests.factories import SiteFactory

from .factories import AuditFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "donnees" / "observations_audit_2023.csv"


def _importer(audit, contenu: bytes, nom: str = "observations.csv", simulation: bool = False):
    return constats_importer(audit=audit, fichier=io.BytesIO(contenu), nom=nom, simulation=simulation)


def _csv(*lignes: str) -> bytes:
    return "\n".join(lignes).encode("utf-8")


ENTETE = "N°,Module,Points sensibles,Pistes de progrès,Points forts"


def _comptes(audit) -> dict[str, int]:
    return {nature: audit.constats.filter(nature=nature).count() for nature in Nature.values}


def test_la_seed_donne_17_constats_3_8_6_et_signale_le_n9():
    audit = AuditFactory()
    rapport = _importer(audit, SEED.read_bytes(), nom=SEED.name)

    assert rapport.valide, rapport.erreurs
    assert rapport.crees == 17
    assert _comptes(audit) == {
        "point_sensible": 3,
        "piste_progres": 8,
        "point_fort": 6,
        "nc_mineure": 0,
        "nc_majeure": 0,
    }
    # Le N° 9 est à la ligne 10 du fichier (l'en-tête est la ligne 1).
    assert rapport.avertissements == ["Ligne 10 : N° 9 (Module 1) : aucune observation, ligne ignorée."]
    audit.refresh_from_db()
    assert audit.lignes_vides == [{"numero": 9, "module": "Module 1"}]
    assert sorted(set(audit.constats.values_list("numero", flat=True))) == [n for n in range(1, 18) if n != 9]


def test_la_seed_repartit_module_1_module_7_et_pilotage():
    audit = AuditFactory()
    _importer(audit, SEED.read_bytes())
    pilotage = audit.constats.filter(portee=Portee.PILOTAGE)
    assert pilotage.count() == 6 and not pilotage.filter(module__isnull=False).exists()
    assert audit.constats.filter(module__numero=1).count() == 8
    assert audit.constats.filter(module__numero=7).count() == 3


def test_une_ligne_a_deux_natures_donne_deux_constats_de_meme_numero():
    audit = AuditFactory()
    rapport = _importer(audit, _csv(ENTETE, "17,Pilotage,Collecter les besoins du CLU,Diffuser le CR,"))
    assert rapport.crees == 2
    constats = audit.constats.filter(numero=17).order_by("nature")
    assert [(c.nature, c.texte) for c in constats] == [
        (Nature.PISTE_PROGRES, "Diffuser le CR"),
        (Nature.POINT_SENSIBLE, "Collecter les besoins du CLU"),
    ]


def _xlsx(lignes: list[list]) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    for ligne in lignes:
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def test_xlsx_avec_titres_en_tetes_variantes_retours_a_la_ligne_et_espaces_insecables():
    audit = AuditFactory()
    contenu = _xlsx(
        [
            ["Préfecture du Jura"],
            ["Rapport d'audit de renouvellement — janvier 2023"],
            [],
            ["n°", "MODULES", "POINT SENSIBLE", "Piste de progres", "point fort"],
            [1, "Module 1", None, "Préciser la date\nde mise à jour", None],
            [2, "module\u00a01", None, None, "Bon niveau\u00a0de connaissance"],
            [17, "PILOTAGE", "Collecter les besoins", "Diffuser  le CR\r\naux absents", None],
        ]
    )
    rapport = _importer(audit, contenu, nom="observations.xlsx")

    assert rapport.valide, rapport.erreurs
    assert rapport.crees == 4
    textes = dict(audit.constats.values_list("texte", "numero"))
    assert textes == {
        "Préciser la date de mise à jour": 1,
        "Bon niveau de connaissance": 2,
        "Collecter les besoins": 17,
        "Diffuser le CR aux absents": 17,
    }
    assert audit.constats.get(numero=2).module.numero == 1


@pytest.mark.parametrize(
    "entete",
    [
        "N°,Module,Points sensibles,Pistes de progrès,Points forts",
        "n°;module;point sensible;piste de progres;point fort",
        "NUMERO,MODULES,POINTS SENSIBLES,PISTES DE PROGRES,POINTS FORTS",
        "Observations de l'auditeur,MODULES,POINTS SENSIBLES,PISTE DE PROGRES,POINTS FORTS",
    ],
)
def test_variantes_d_en_tete(entete):
    audit = AuditFactory()
    separateur = ";" if ";" in entete else ","
    ligne = separateur.join(["4", "Module 1", "", "Afficher l'évolution des enquêtes", ""])
    rapport = _importer(audit, _csv("Observations de l'auditeur externe", "", entete, ligne))
    assert rapport.valide, rapport.erreurs
    assert audit.constats.get().nature == Nature.PISTE_PROGRES


@pytest.mark.parametrize(
    ("valeur", "portee", "numero"),
    [
        ("Module 1", Portee.MODULE, 1),
        ("module 7", Portee.MODULE, 7),
        ("M1", Portee.MODULE, 1),
        ("m 7", Portee.MODULE, 7),
        ("7", Portee.MODULE, 7),
        ("Pilotage", Portee.PILOTAGE, None),
        ("PILOTAGE", Portee.PILOTAGE, None),
    ],
)
def test_lecture_du_module(valeur, portee, numero):
    audit = AuditFactory()
    _importer(audit, _csv(ENTETE, f"1,{valeur},Un point sensible,,"))
    constat = audit.constats.get()
    assert constat.portee == portee
    assert (constat.module.numero if constat.module else None) == numero


def test_un_module_inconnu_refuse_tout_le_fichier_et_nomme_la_ligne():
    audit = AuditFactory()
    rapport = _importer(
        audit,
        _csv(ENTETE, "1,Module 1,,Une piste,", "2,Module 12,,,Un point fort", "3,Pilotage,Un point sensible,,"),
    )
    assert not rapport.valide
    assert len(rapport.erreurs) == 1
    assert rapport.erreurs[0].startswith("Ligne 3 : colonne Module : « Module 12 »")
    assert "Module 1, Module 7, Pilotage" in rapport.erreurs[0]
    assert Constat.objects.count() == 0


def test_un_module_du_referentiel_hors_perimetre_est_refuse():
    audit = AuditFactory()
    ModuleFactory(referentiel=audit.referentiel, numero=3)
    rapport = _importer(audit, _csv(ENTETE, "1,Module 3,,Une piste,"))
    assert rapport.erreurs and "Ligne 2" in rapport.erreurs[0]


def test_sans_perimetre_tout_module_du_referentiel_est_admis():
    audit = AuditFactory(perimetre=None, site=SiteFactory(), referentiel=ReferentielFactory())
    ModuleFactory(referentiel=audit.referentiel, numero=3)
    rapport = _importer(audit, _csv(ENTETE, "1,Module 3,,Une piste,"))
    assert rapport.valide and audit.constats.get().module.numero == 3


def test_toutes_les_erreurs_sont_listees_avec_leur_ligne():
    audit = AuditFactory()
    rapport = _importer(
        audit,
        _csv(
            ENTETE, "A,Module 1,Texte,,", ",Module 1,Texte,,", "3,,Texte,,", "4,Module 1,Texte,,", "4,Module 7,Autre,,"
        ),
    )
    assert [erreur.split(" :")[0] for erreur in rapport.erreurs] == ["Ligne 2", "Ligne 3", "Ligne 4", "Ligne 6"]
    assert "un point sensible figure déjà ligne 5" in rapport.erreurs[-1]
    assert Constat.objects.count() == 0


def test_une_ligne_vide_au_milieu_est_ignoree_et_signalee():
    audit = AuditFactory()
    rapport = _importer(audit, _csv(ENTETE, "1,Module 1,Texte,,", ",,,,", "2,Module 1,,,Fort"))
    assert rapport.valide
    assert rapport.avertissements == ["Ligne 3 : ligne vide, ignorée."]
    assert audit.constats.count() == 2


def test_reimporter_ne_duplique_pas_et_met_a_jour_le_texte():
    audit = AuditFactory()
    _importer(audit, SEED.read_bytes())
    deuxieme = _importer(audit, SEED.read_bytes())
    assert (deuxieme.crees, deuxieme.mis_a_jour, deuxieme.inchanges) == (0, 0, 17)
    assert audit.constats.count() == 17

    modifie = SEED.read_text(encoding="utf-8").replace(
        "Réaliser une planification régulière des COPIL", "Planifier les COPIL sur l'année"
    )
    troisieme = _importer(audit, modifie.encode("utf-8"))
    assert (troisieme.crees, troisieme.mis_a_jour, troisieme.inchanges) == (0, 1, 16)
    assert audit.constats.count() == 17
    assert audit.constats.get(numero=13).texte == "Planifier les COPIL sur l'année"


def test_la_simulation_n_ecrit_rien():
    audit = AuditFactory()
    rapport = _importer(audit, SEED.read_bytes(), simulation=True)
    assert rapport.crees == 17 and len(rapport.apercu) == 17
    assert Constat.objects.count() == 0


def test_en_tete_introuvable():
    audit = AuditFactory()
    rapport = _importer(audit, _csv("Numéro,Texte", "1,Quelque chose"))
    assert rapport.erreurs and rapport.erreurs[0].startswith("En-tête introuvable")


def test_commande_importer_constats(capsys):
    audit = AuditFactory()
    call_command("importer_constats", str(SEED), "--audit", str(audit.pk), "--dry-run")
    assert Constat.objects.count() == 0
    call_command("importer_constats", str(SEED), "--audit", str(audit.pk))
    assert audit.constats.count() == 17
    sortie = capsys.readouterr().out
    assert "Ligne 10 : N° 9 (Module 1) : aucune observation" in sortie
    assert "17 créés" in sortie


def test_commande_refuse_un_fichier_invalide(tmp_path):
    audit = AuditFactory()
    fichier = tmp_path / "obs.csv"
    fichier.write_bytes(_csv(ENTETE, "1,Module 12,Texte,,"))
    with pytest.raises(CommandError, match="Import refusé"):
        call_command("importer_constats", str(fichier), "--audit", str(audit.pk))
    with pytest.raises(CommandError, match="Audit introuvable"):
        call_command("importer_constats", str(fichier), "--audit", "999999")
    assert Constat.objects.count() == 0
