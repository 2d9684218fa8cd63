"""L'auto-audit RGAA 4.1 du dépôt et la déclaration d'accessibilité générée depuis lui (modèle légal)."""

import re

import pytest

from qualite import accessibilite
from qualite.accessibilite import AuditInvalide, lire


def test_l_audit_couvre_les_106_criteres_avec_verdict_et_methode():
    resultat = lire()
    assert len(resultat.criteres) == 106
    assert [critere.numero for critere in resultat.criteres][:3] == ["1.1", "1.2", "1.3"]
    assert resultat.criteres[-1].numero == "13.12"
    assert all(critere.methode and critere.verdict in ("C", "NC", "NA") for critere in resultat.criteres)
    assert len(resultat.echantillon) >= 10 and resultat.date


def test_taux_et_etat_calcules_sur_les_criteres_applicables():
    resultat = lire()
    conformes, applicables = len(resultat.par_verdict("C")), len(resultat.applicables)
    assert applicables == 106 - len(resultat.par_verdict("NA"))
    assert float(resultat.taux) == pytest.approx(100 * conformes / applicables, abs=0.05)
    assert resultat.etat == ("totalement conforme" if conformes == applicables else "partiellement conforme")


@pytest.mark.parametrize(
    ("remplacement", "message"),
    [
        (('"1.9" = {', '"1.99" = {'), "Critères manquants : ['1.9']"),
        (('verdict = "NA", methode = "aucun CAPTCHA" }', 'verdict = "X", methode = "m" }'), "verdict « X »"),
        (('verdict = "C", methode = "axe (link-name) sur chaque page" }', 'verdict = "NC", methode = "m" }'), "défaut"),
    ],
)
def test_un_audit_incomplet_est_refuse_en_nommant_le_critere(tmp_path, remplacement, message):
    texte = accessibilite.FICHIER.read_text(encoding="utf-8")
    assert remplacement[0] in texte
    fichier = tmp_path / "audit.toml"
    fichier.write_text(texte.replace(remplacement[0], remplacement[1], 1), encoding="utf-8")
    with pytest.raises(AuditInvalide, match=re.escape(message)):
        lire(fichier)


def test_critere_d_acceptation_chaque_critere_applicable_est_respecte_sur_l_echantillon():
    """L'auto-audit ne garde aucune non-conformité : un défaut trouvé se corrige, ou se déclare (verdict NC,
    défaut décrit) et la déclaration publiée le liste avec un taux plus bas."""
    resultat = lire()
    assert [critere.numero for critere in resultat.non_conformites] == []
    assert resultat.taux == 100 and resultat.etat == "totalement conforme"
