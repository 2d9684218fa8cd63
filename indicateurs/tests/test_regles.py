"""Les règles d'une mesure (une définition pour la saisie, l'import et le service), valeurs calculées à la main."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicateurs import services
from indicateurs.models import Mesure
from indicateurs.regles import verifier_termes

from .factories import IndicateurFactory

NEGATIF = "un nombre ne peut pas être négatif."
DEUX_TERMES = "les deux termes sont nécessaires."


@pytest.mark.parametrize(
    ("type_calcul", "termes", "erreurs"),
    [
        # Taux : 12 appels perdus sur 100 ; 0 sur 0 (un mois sans appel) est accepté.
        ("ratio", {"numerateur": D(12), "denominateur": D(100)}, {}),
        ("ratio", {"numerateur": D(0), "denominateur": D(0)}, {}),
        ("ratio", {"numerateur": D(100), "denominateur": D(100)}, {}),
        (
            "ratio",
            {"numerateur": D("100.01"), "denominateur": D(100)},
            {"numerateur": ["le numérateur ne peut pas dépasser le dénominateur."]},
        ),
        (
            "ratio",
            {"numerateur": D(5), "denominateur": D(0)},
            {"denominateur": ["le dénominateur ne peut pas être nul."]},
        ),
        ("ratio", {"numerateur": D(-1), "denominateur": D(10)}, {"numerateur": [NEGATIF]}),
        ("ratio", {"numerateur": D(5), "denominateur": D(-10)}, {"denominateur": [NEGATIF]}),
        ("ratio", {"numerateur": D(5)}, {"denominateur": [DEUX_TERMES]}),
        ("ratio", {"denominateur": D(5)}, {"numerateur": [DEUX_TERMES]}),
        ("ratio", {}, {"numerateur": [DEUX_TERMES], "denominateur": [DEUX_TERMES]}),
        # La valeur d'un taux est ignorée (elle se calcule).
        ("ratio", {"numerateur": D(1), "denominateur": D(2), "valeur": D(-3)}, {}),
        # Délai moyen : 37,5 jours pour 10 réponses ; le total peut dépasser le nombre de réponses.
        ("delai_moyen", {"numerateur": D("37.5"), "denominateur": D(10)}, {}),
        (
            "delai_moyen",
            {"numerateur": D(3), "denominateur": D(0)},
            {"denominateur": ["le dénominateur ne peut pas être nul."]},
        ),
        ("delai_moyen", {"denominateur": D(10)}, {"numerateur": [DEUX_TERMES]}),
        # Nombre et valeur d'enquête : la valeur seule compte.
        ("nombre", {"valeur": D(5642)}, {}),
        ("nombre", {"valeur": D(0)}, {}),
        ("nombre", {"valeur": D(-3)}, {"valeur": [NEGATIF]}),
        ("nombre", {"numerateur": D(-1)}, {"valeur": ["obligatoire pour cet indicateur."]}),
        ("valeur", {"valeur": D(93)}, {}),
        ("valeur", {}, {"valeur": ["obligatoire pour cet indicateur."]}),
    ],
)
def test_verifier_termes(type_calcul, termes, erreurs):
    if not erreurs:
        verifier_termes(type_calcul, **termes)
        return
    with pytest.raises(ValidationError) as exc:
        verifier_termes(type_calcul, **termes)
    assert exc.value.message_dict == erreurs


@pytest.mark.django_db
def test_le_service_applique_les_memes_regles():
    taux = IndicateurFactory(code="appels", type_calcul="ratio")
    with pytest.raises(ValidationError) as exc:
        services.mesure_enregistrer(indicateur=taux, annee=2023, mois=1, numerateur=D(12), denominateur=D(10))
    assert exc.value.message_dict == {"numerateur": ["le numérateur ne peut pas dépasser le dénominateur."]}
    assert not Mesure.objects.exists()
    mesure, creee = services.mesure_enregistrer(
        indicateur=taux, annee=2023, mois=1, numerateur=D(12), denominateur=D(100)
    )
    assert creee and (mesure.numerateur, mesure.denominateur, mesure.valeur) == (D(12), D(100), None)
