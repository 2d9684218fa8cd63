"""Mise en forme française des nombres : 8,23 %, 3,73 jours, 4 695, +19,8 %.

Utilisée par les gabarits (filtres `qualite_fr`), les graphiques SVG et le bilan PDF,
pour qu'un chiffre s'écrive partout de la même façon.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django.utils.translation import ngettext

ESPACE_INSECABLE = "\u00a0"
MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
ESPACE_FINE = "\u202f"


# Au-delà, un nombre s'écrit en notation scientifique (« 1,00 × 10^20 ») plutôt que développé.
EXPOSANT_DEVELOPPE_MAX = 15


def _decimal(valeur) -> Decimal | None:
    """La valeur en Decimal ; None pour du vide, NaN, un infini ou ce qui n'est pas un nombre : une valeur déjà
    enregistrée, quelle qu'elle soit, ne casse jamais une page (elle s'affiche « — »)."""
    if valeur is None or valeur == "" or isinstance(valeur, bool):
        return None
    try:
        valeur = valeur if isinstance(valeur, Decimal) else Decimal(str(valeur))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return valeur if valeur.is_finite() else None


def _demesure(valeur: Decimal) -> bool:
    return valeur.adjusted() > EXPOSANT_DEVELOPPE_MAX


def _scientifique(valeur: Decimal) -> str:
    mantisse, _, exposant = f"{valeur:.2E}".partition("E")
    return f"{mantisse.replace('.', ',')}{ESPACE_INSECABLE}×{ESPACE_INSECABLE}10^{int(exposant)}"


def nombre(valeur, decimales: int = 0) -> str:
    """4695 → « 4 695 » ; 3.7345, 2 → « 3,73 »."""
    valeur = _decimal(valeur)
    if valeur is None:
        return "—"
    if _demesure(valeur):
        return _scientifique(valeur)
    with localcontext() as contexte:
        contexte.prec = EXPOSANT_DEVELOPPE_MAX + decimales + 4
        arrondi = valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    signe = "-" if arrondi < 0 else ""
    entier, _, fraction = f"{abs(arrondi):.{decimales}f}".partition(".")
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    texte = ESPACE_FINE.join(groupes)
    return f"{signe}{texte},{fraction}" if fraction else f"{signe}{texte}"


def pourcent(valeur, decimales: int = 2) -> str:
    """8.2345 → « 8,23 % » ; 100 → « 100 % » (les décimales nulles d'un entier ne s'affichent pas)."""
    valeur = _decimal(valeur)
    if valeur is None:
        return "—"
    if _demesure(valeur) or valeur == valeur.to_integral_value():
        decimales = 0
    return f"{nombre(valeur, decimales)}{ESPACE_INSECABLE}%"


def jours(valeur, decimales: int = 2) -> str:
    valeur = _decimal(valeur)
    if valeur is None:
        return "—"
    unite = "jour" if abs(valeur) < 2 else "jours"
    return f"{nombre(valeur, decimales)}{ESPACE_INSECABLE}{unite}"


def variation(valeur, decimales: int = 1, unite: str = "%") -> str:
    """+19,8 % ; −4 pts ; « — » quand il n'y a pas de changement."""
    valeur = _decimal(valeur)
    if valeur is None:
        return "—"
    if _demesure(valeur):
        return f"{'+' if valeur > 0 else ''}{nombre(valeur)}{ESPACE_INSECABLE}{unite}"
    arrondi = valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    if arrondi == 0:
        return "—"
    signe = "+" if arrondi > 0 else "−"
    return f"{signe}{nombre(abs(arrondi), decimales)}{ESPACE_INSECABLE}{unite}"


def accord(nombre_: int, singulier: str, pluriel: str) -> str:
    """« 1 erreur », « 17 créés » : le nombre et le mot accordé (ngettext ; le français met le singulier à 0 et 1)."""
    # Règle française (0 et 1 au singulier) quel que soit le catalogue de traductions chargé.
    return f"{nombre(nombre_)} {ngettext(singulier, pluriel, nombre_ if nombre_ > 1 else 1)}"
