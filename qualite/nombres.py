"""Les bornes des nombres saisis : un seul endroit pour le formulaire, l'import et le service.

Un nombre saisi (mesure, effectif, numéro de constat, compte d'une enquête, identifiant d'une adresse) est fini
(ni NaN, ni infini), dans sa plage et, pour un décimal, a au plus deux décimales significatives. Ce qui sort
de ces bornes est refusé avec un message français, avant toute opération coûteuse : un exposant démesuré
(`1e999999`) est repéré sur sa représentation, jamais développé.

- `verifier(nombre, borne)` lève ValueError (message sans majuscule, à préfixer du champ) ;
- `validateurs(borne)` : les validateurs Django d'un champ de modèle ou de formulaire ;
- `entier_d_adresse(texte)` : un identifiant d'adresse ou de filtre, None s'il est hors bornes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible


@dataclass(frozen=True)
class Borne:
    minimum: Decimal
    maximum: Decimal
    decimales: int = 0

    def texte(self, nombre: Decimal) -> str:
        from .formatage import nombre as en_francais

        return en_francais(nombre, self.decimales if nombre != nombre.to_integral_value() else 0)


# Mesure d'un indicateur (numérateur, dénominateur, valeur) : un milliard au plus, deux décimales.
MESURE = Borne(Decimal(0), Decimal("999999999.99"), 2)
# Cible ou seuil d'un indicateur (taux, délai, nombre) : mêmes bornes, signe libre exclu.
CIBLE = MESURE
# Un compte de personnes (agents, réponses d'une enquête, tests) : un million au plus.
COMPTE = Borne(Decimal(0), Decimal(1_000_000))
# Un numéro d'ordre (constat, module, engagement) : dix mille au plus.
NUMERO = Borne(Decimal(1), Decimal(9_999))
# Un identifiant d'adresse ou de filtre : la plage d'un entier de PostgreSQL.
IDENTIFIANT = Borne(Decimal(1), Decimal(2_147_483_647))
# Au-delà de cet exposant, un nombre n'est pas développé (1e999999 coûterait des secondes de calcul).
EXPOSANT_MAX = 15


def fini(nombre: Decimal) -> bool:
    """Ni NaN, ni infini, ni exposant démesuré (lu sur la représentation, sans calcul)."""
    return nombre.is_finite() and -EXPOSANT_MAX - 4 <= nombre.adjusted() <= EXPOSANT_MAX


def verifier(nombre: Decimal | int | None, borne: Borne) -> None:
    """Lève ValueError (en français) si `nombre` n'est pas fini ou sort de `borne` ; None est accepté."""
    if nombre is None:
        return
    if isinstance(nombre, int):
        if not borne.minimum <= nombre <= borne.maximum:
            raise ValueError(_hors_bornes(borne))
        return
    if not fini(nombre):
        raise ValueError("nombre non reconnu (ni NaN ni infini) : saisissez un nombre, par exemple 1234 ou 8,5")
    if not borne.minimum <= nombre <= borne.maximum:
        raise ValueError(_hors_bornes(borne))
    if borne.decimales == 0 and nombre != nombre.to_integral_value():
        raise ValueError("nombre entier attendu")
    if -nombre.normalize().as_tuple().exponent > borne.decimales > 0:  # type: ignore[operator]
        raise ValueError(f"{borne.decimales} décimales au plus")


def _hors_bornes(borne: Borne) -> str:
    return f"nombre hors des bornes (entre {borne.texte(borne.minimum)} et {borne.texte(borne.maximum)})"


@deconstructible
class ValidateurBorne:
    """Validateur Django (modèle ou formulaire) qui applique `verifier`."""

    def __init__(self, nom: str):
        self.nom = nom

    def __call__(self, valeur) -> None:
        if valeur is None:
            return
        try:
            verifier(valeur if isinstance(valeur, int) else Decimal(valeur), BORNES[self.nom])
        except ValueError as erreur:
            message = str(erreur)
            raise ValidationError(message[0].upper() + message[1:] + ".", code="bornes") from None

    def __eq__(self, autre: object) -> bool:
        return isinstance(autre, ValidateurBorne) and autre.nom == self.nom


BORNES = {"mesure": MESURE, "cible": CIBLE, "compte": COMPTE, "numero": NUMERO, "identifiant": IDENTIFIANT}


def validateurs(nom: str) -> list[ValidateurBorne]:
    """Les validateurs d'un champ : `validators=validateurs("compte")` (nom d'une borne de BORNES)."""
    return [ValidateurBorne(nom)]


def entier_d_adresse(texte: object) -> int | None:
    """Un identifiant lu dans une adresse ou un filtre (`?service=12`) ; None s'il n'est pas dans les bornes."""
    if isinstance(texte, int):
        valeur = texte
    else:
        chaine = str(texte or "").strip()
        if not chaine.isascii() or not chaine.isdigit() or len(chaine) > 10:
            return None
        valeur = int(chaine)
    return valeur if IDENTIFIANT.minimum <= valeur <= IDENTIFIANT.maximum else None
