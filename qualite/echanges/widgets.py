"""Widgets : une cellule lue (texte, nombre ou date selon le format) → une valeur du modèle, et l'inverse."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, ClassVar

from import_export import widgets

from ..tableur import correspondance, lire_date, lire_decimal, lire_entier, nettoyer, normaliser


class TexteWidget(widgets.Widget):
    """Un texte nettoyé (espaces insécables, retours à la ligne sauf `multiligne`)."""

    def __init__(self, *, multiligne: bool = False):
        super().__init__(coerce_to_string=False)
        self.multiligne = multiligne

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        # La neutralisation des formules est déjà défaite à la lecture (`qualite.tableur`), une seule fois.
        return nettoyer(value, multiligne=self.multiligne)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """Une date : cellule date du classeur, jj/mm/aaaa ou aaaa-mm-jj ; vide → None."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        return lire_date(value)

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        return value


class EntierWidget(widgets.Widget):
    def __init__(self, *, defaut: int | None = None):
        super().__init__(coerce_to_string=False)
        self.defaut = defaut

    def clean(self, value, row=None, **kwargs):
        nombre = lire_entier(value)
        return self.defaut if nombre is None else nombre

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalWidget(widgets.Widget):
    """Un nombre décimal : « 12,5 », 12.5 ; le rendu est normalisé (12,50 et 12,5 se valent)."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        nombre = lire_decimal(value)
        return None if nombre is None else nombre

    def render(self, value, obj=None, **kwargs):
        return None if value is None else Decimal(value).normalize()


class PourcentageWidget(widgets.Widget):
    """Un pourcentage entier (0 à 100) écrit comme un taux : 0,5 au format « 50 % » dans un classeur.

    Relu : un nombre de cellule ≤ 1 est un taux (0,5 → 50) ; « 50 % » ou « 50 » → 50.
    """

    def __init__(self, *, defaut: int = 0):
        super().__init__(coerce_to_string=False)
        self.defaut = defaut

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            nombre = Decimal(str(value)) * 100
        else:
            nombre = lire_decimal(value)
        if nombre is None:
            return None
        if nombre != nombre.to_integral_value():
            raise ValueError(f"pourcentage entier attendu, « {nettoyer(value)} » reçu")
        if not 0 <= nombre <= 100:
            raise ValueError(f"{int(nombre)} n'est pas entre 0 et 100")
        return int(nombre)

    def render(self, value, obj=None, **kwargs):
        return None if value is None else Decimal(value) / 100


class ChoixWidget(widgets.Widget):
    """Un choix lu par son libellé (« Réalisée », « realise », « REALISEE ») et écrit par son libellé."""

    def __init__(self, choix: Iterable[tuple[str, str]], *, defaut: str = ""):
        super().__init__(coerce_to_string=False)
        self.choix = dict(choix)
        self.defaut = defaut
        self._lus: dict[str, str] = {}

    def clean(self, value, row=None, **kwargs):
        texte = nettoyer(value)
        if texte == "":
            return self.defaut
        if texte not in self._lus:
            try:
                self._lus[texte] = correspondance(texte, self.choix)
            except ValueError:
                # Le libellé court suffit : « Taux » pour « Taux (numérateur / dénominateur × 100) ».
                courts = {cle: libelle.split(" (")[0] for cle, libelle in self.choix.items()}
                if normaliser(texte) not in {normaliser(libelle) for libelle in courts.values()}:
                    raise
                self._lus[texte] = correspondance(texte, courts)
        return self._lus[texte]

    def render(self, value, obj=None, **kwargs):
        return self.choix.get(value, value or "")


class OuiNonWidget(widgets.Widget):
    OUI: ClassVar[set[str]] = {"oui", "o", "1", "vrai", "x", "true", "yes"}
    NON: ClassVar[set[str]] = {"", "non", "n", "0", "faux", "false", "no"}

    def __init__(self, *, oui: str = "oui", non: str = "non"):
        super().__init__(coerce_to_string=False)
        self.oui, self.non = oui, non

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        texte = nettoyer(value).lower()
        if texte in self.OUI or texte == self.oui.lower():
            return True
        if texte in self.NON or texte == self.non.lower():
            return False
        raise ValueError(f"« {nettoyer(value)} » non reconnu ({self.oui} ou {self.non})")

    def render(self, value, obj=None, **kwargs):
        return self.oui if value else self.non


class CorrespondanceWidget(widgets.Widget):
    """Une clé étrangère retrouvée par un texte (nom, code) dans une table chargée une fois par import."""

    def __init__(self, *, charger: Callable[[], dict[str, Any]], rendu: Callable[[Any], str], cle=None, message=""):
        super().__init__(coerce_to_string=False)
        self.charger = charger
        self.rendu = rendu
        self.cle = cle or (lambda texte: texte)
        self.message = message
        self._table: dict[str, Any] | None = None

    def table(self) -> dict[str, Any]:
        if self._table is None:
            self._table = self.charger()
        return self._table

    def clean(self, value, row=None, **kwargs):
        texte = nettoyer(value)
        if not texte:
            return None
        trouve = self.table().get(self.cle(texte))
        if trouve is None:
            raise ValueError(self.message.format(texte=texte) or f"« {texte} » inconnu")
        return trouve

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.rendu(value)
