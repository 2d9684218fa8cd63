"""Graphiques SVG rendus côté serveur : histogramme groupé, ligne de cible, libellés à la française.

Un même `Graphique` sert aux pages, au tableau de bord et au bilan PDF (WeasyPrint lit le SVG en ligne).
Accessibilité : `<svg role="img" aria-labelledby="…">` avec `<title>` et `<desc>`, et toujours un tableau
de données à côté (gabarit `qualite/_graphique.html`, qui rend la figure puis le tableau).
Pas de CSS en ligne (CSP « style-src 'self' ») : seuls des attributs de présentation SVG (fill, stroke…).

    graphique = graphique_barres(
        identifiant="appels-perdus-2023",
        titre="Taux d'appels perdus par mois",
        description="…",
        categories=["janv.", …],
        series=[Serie("2023", valeurs), Serie("2022", valeurs_n1)],
        cible=Decimal("10"), libelle_cible="Cible ≤ 10 %",
        formateur=formatage.pourcent,
    )
    {% include "qualite/_graphique.html" with graphique=graphique %}
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from math import floor, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import formatage

# Couleurs DSFR, contrastées sur fond blanc (≥ 4,5:1 pour le texte, ≥ 3:1 pour les formes).
COULEURS = ("#000091", "#666666", "#009081", "#a558a0")
COULEUR_CIBLE = "#ce0500"
COULEUR_AXE = "#3a3a3a"
COULEUR_GRILLE = "#dddddd"

LARGEUR = 720
HAUTEUR = 320
MARGE_GAUCHE = 70
MARGE_DROITE = 20
MARGE_HAUT = 40
MARGE_BAS = 50


@dataclass(frozen=True)
class Serie:
    libelle: str
    valeurs: Sequence[Decimal | None]


@dataclass
class Graphique:
    identifiant: str
    titre: str
    description: str
    categories: list[str]
    series: list[Serie]
    cible: Decimal | None
    libelle_cible: str
    formateur: Callable[[Decimal | None], str]
    svg: SafeString = field(default=mark_safe(""))
    # Colonnes du tableau de données qui ne sont pas tracées (« Évolution ») : (intitulé, un texte par catégorie).
    complements: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def entetes(self) -> list[str]:
        return [serie.libelle for serie in self.series] + [intitule for intitule, _ in self.complements]

    @property
    def lignes(self) -> list[tuple[str, list[str]]]:
        """Le tableau de données : une ligne par catégorie, une colonne par série (chiffres formatés), puis les
        compléments."""
        return [
            (
                categorie,
                [self.formateur(serie.valeurs[index]) for serie in self.series]
                + [textes[index] for _, textes in self.complements],
            )
            for index, categorie in enumerate(self.categories)
        ]


def pas_lisible(maximum: Decimal) -> Decimal:
    """Pas de graduation « rond » (1, 2, 2,5 ou 5 × 10^n) pour environ cinq graduations."""
    if maximum <= 0:
        return Decimal(1)
    brut = float(maximum) / 5
    puissance = 10 ** floor(log10(brut))
    for facteur in (1, 2, 2.5, 5, 10):
        if brut <= facteur * puissance:
            return Decimal(str(facteur * puissance))
    return Decimal(str(10 * puissance))  # pragma: no cover - la boucle s'arrête à 10


def _echelle(series: Sequence[Serie], cible: Decimal | None) -> tuple[Decimal, Decimal]:
    valeurs = [v for serie in series for v in serie.valeurs if v is not None]
    if cible is not None:
        valeurs.append(cible)
    maximum = max(valeurs, default=Decimal(1)) or Decimal(1)
    pas = pas_lisible(maximum)
    haut = (maximum / pas).to_integral_value(rounding="ROUND_CEILING") * pas
    return haut if haut > 0 else pas, pas


def _nombre(valeur: float) -> str:
    return f"{valeur:.1f}".rstrip("0").rstrip(".")


def _rendre(graphique: Graphique) -> SafeString:
    haut, pas = _echelle(graphique.series, graphique.cible)
    largeur_trace = LARGEUR - MARGE_GAUCHE - MARGE_DROITE
    hauteur_trace = HAUTEUR - MARGE_HAUT - MARGE_BAS
    nb = max(len(graphique.categories), 1)
    largeur_case = largeur_trace / nb

    def y(valeur: Decimal) -> float:
        return MARGE_HAUT + hauteur_trace * (1 - float(valeur / haut))

    ident = escape(graphique.identifiant)
    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LARGEUR} {HAUTEUR}" width="{LARGEUR}" '
        f'height="{HAUTEUR}" role="img" aria-labelledby="{ident}-titre {ident}-desc" '
        f'font-family="Marianne, Arial, sans-serif" font-size="12">',
        f'<title id="{ident}-titre">{escape(graphique.titre)}</title>',
        f'<desc id="{ident}-desc">{escape(graphique.description)}</desc>',
        f'<rect x="0" y="0" width="{LARGEUR}" height="{HAUTEUR}" fill="#ffffff"/>',
    ]
    # Graduations et grille.
    graduation = Decimal(0)
    while graduation <= haut:
        ordonnee = _nombre(y(graduation))
        morceaux.append(
            f'<line x1="{MARGE_GAUCHE}" y1="{ordonnee}" x2="{LARGEUR - MARGE_DROITE}" y2="{ordonnee}" '
            f'stroke="{COULEUR_GRILLE}" stroke-width="1"/>'
        )
        morceaux.append(
            f'<text x="{MARGE_GAUCHE - 8}" y="{_nombre(y(graduation) + 4)}" text-anchor="end" '
            f'fill="{COULEUR_AXE}">{escape(graphique.formateur(graduation))}</text>'
        )
        graduation += pas
    morceaux.append(
        f'<line x1="{MARGE_GAUCHE}" y1="{MARGE_HAUT + hauteur_trace}" x2="{LARGEUR - MARGE_DROITE}" '
        f'y2="{MARGE_HAUT + hauteur_trace}" stroke="{COULEUR_AXE}" stroke-width="1"/>'
    )
    for index, categorie in enumerate(graphique.categories):
        abscisse = _nombre(MARGE_GAUCHE + largeur_case * (index + 0.5))
        morceaux.append(
            f'<text x="{abscisse}" y="{MARGE_HAUT + hauteur_trace + 18}" text-anchor="middle" '
            f'fill="{COULEUR_AXE}">{escape(categorie)}</text>'
        )
    # Séries.
    nb_series = max(len(graphique.series), 1)
    for rang, serie in enumerate(graphique.series):
        couleur = COULEURS[rang % len(COULEURS)]
        morceaux.append(f'<g class="qualite-serie" fill="{couleur}" stroke="{couleur}">')
        largeur_barre = largeur_case * 0.8 / nb_series
        for index, valeur in enumerate(serie.valeurs):
            if valeur is None:
                continue
            x = MARGE_GAUCHE + largeur_case * index + largeur_case * 0.1 + largeur_barre * rang
            hauteur = MARGE_HAUT + hauteur_trace - y(valeur)
            morceaux.append(
                f'<rect x="{_nombre(x)}" y="{_nombre(y(valeur))}" width="{_nombre(largeur_barre)}" '
                f'height="{_nombre(hauteur)}" stroke="none"/>'
            )
        morceaux.append("</g>")
    # Ligne de cible.
    if graphique.cible is not None:
        ordonnee = _nombre(y(graphique.cible))
        morceaux.append(
            f'<line x1="{MARGE_GAUCHE}" y1="{ordonnee}" x2="{LARGEUR - MARGE_DROITE}" y2="{ordonnee}" '
            f'stroke="{COULEUR_CIBLE}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    # Légende.
    legendes = [(COULEURS[r % len(COULEURS)], s.libelle, "carre") for r, s in enumerate(graphique.series)]
    if graphique.cible is not None:
        legendes.append((COULEUR_CIBLE, graphique.libelle_cible or "Cible", "trait"))
    x = MARGE_GAUCHE
    for couleur, libelle, forme in legendes:
        if forme == "carre":
            morceaux.append(f'<rect x="{x}" y="14" width="12" height="12" fill="{couleur}"/>')
        else:
            morceaux.append(
                f'<line x1="{x}" y1="20" x2="{x + 12}" y2="20" stroke="{couleur}" stroke-width="2" '
                f'stroke-dasharray="4 2"/>'
            )
        morceaux.append(f'<text x="{x + 18}" y="24" fill="{COULEUR_AXE}">{escape(libelle)}</text>')
        x += 30 + 7 * len(libelle)
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))


def graphique_barres(
    *,
    identifiant: str,
    titre: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Serie],
    cible: Decimal | None = None,
    libelle_cible: str = "",
    formateur: Callable[[Decimal | None], str] = formatage.nombre,
    complements: Sequence[tuple[str, list[str]]] = (),
) -> Graphique:
    """Histogramme groupé (une barre par série et par catégorie), avec la ligne de cible éventuelle ; `complements` :
    des colonnes de plus dans son tableau de données."""
    graphique = Graphique(
        identifiant=identifiant,
        titre=titre,
        description=description,
        categories=list(categories),
        series=list(series),
        cible=cible,
        libelle_cible=libelle_cible,
        formateur=formateur,
        complements=list(complements),
    )
    graphique.svg = _rendre(graphique)
    return graphique
