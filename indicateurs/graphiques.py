"""Les graphiques d'un indicateur, construits une fois pour sa page et pour le bilan PDF.

`graphique_mensuel` : l'histogramme des mois de l'année N et de N-1, avec la ligne de cible ;
`graphique_annuel` : la valeur de chaque année mesurée (indicateur trimestriel ou annuel) ;
`graphique_pluriannuel` : N-2, N-1 et N côte à côte (page de l'indicateur, tableau de bord, bilan).
"""

from qualite import graphiques

from .models import Indicateur
from .selectors import MOIS_COURTS, LigneIndicateur, formater


def _cible(indicateur: Indicateur):
    """La cible tracée : seulement si l'indicateur a un sens (une cible sans sens n'est pas un seuil)."""
    return indicateur.cible if indicateur.sens else None


def graphique_mensuel(ligne: LigneIndicateur, serie) -> graphiques.Graphique:
    """N et N-1 mois par mois (`serie` : `selectors.serie_mensuelle`), cible en pointillés."""
    indicateur = ligne.indicateur
    cible = _cible(indicateur)
    libelle_cible = f"Cible {ligne.cible_texte}" if cible is not None else ""
    return graphiques.graphique_barres(
        identifiant=f"graphique-{indicateur.code}-{ligne.annee}",
        titre=f"{indicateur.libelle} : {ligne.annee} et {ligne.annee - 1}, mois par mois",
        description=(
            f"Histogramme des valeurs mensuelles de {ligne.annee} et de {ligne.annee - 1}"
            + (f", avec la ligne de cible ({ligne.cible_texte})" if libelle_cible else "")
            + f". Cumul {ligne.periode_texte} : {ligne.valeur_texte} ; même période {ligne.annee - 1} : "
            f"{ligne.precedente_texte}."
        ),
        categories=MOIS_COURTS,
        series=[
            graphiques.Serie(str(ligne.annee), [p.valeur for p in serie]),
            graphiques.Serie(str(ligne.annee - 1), [p.valeur_precedente for p in serie]),
        ],
        cible=cible,
        libelle_cible=libelle_cible,
        formateur=lambda valeur: formater(indicateur, valeur),
    )


def graphique_annuel(indicateur: Indicateur, annuelle) -> graphiques.Graphique:
    """La valeur de chaque année (`annuelle` : `selectors.serie_annuelle`)."""
    return graphiques.graphique_barres(
        identifiant=f"graphique-{indicateur.code}-annees",
        titre=f"{indicateur.libelle} : valeur de chaque année",
        description="Histogramme de la valeur de chaque année mesurée.",
        categories=[str(annee) for annee, _ in annuelle],
        series=[graphiques.Serie("Valeur", [valeur.valeur for _, valeur in annuelle])],
        cible=_cible(indicateur),
        libelle_cible="Cible",
        formateur=lambda valeur: formater(indicateur, valeur),
    )


def graphique_pluriannuel(ligne: LigneIndicateur) -> graphiques.Graphique | None:
    """Les valeurs de N-2, N-1 et N (`ligne.annuelles`), cible en pointillés ; None sans aucune valeur."""
    indicateur = ligne.indicateur
    annuelles = ligne.annuelles
    if not any(valeur.valeur is not None for valeur in annuelles):
        return None
    resume = " ; ".join(
        f"{valeur.periode_texte} : {valeur.valeur_texte}"
        + (f" ({valeur.variation_texte})" if valeur.variation is not None else "")
        for valeur in annuelles
    )
    return graphiques.graphique_barres(
        identifiant=f"graphique-{indicateur.code}-{ligne.annee}-annees",
        titre=f"{indicateur.libelle} : {annuelles[0].annee} à {annuelles[-1].annee}",
        description=f"Histogramme de la valeur de chaque année. {resume}.",
        categories=[_periode(valeur) for valeur in annuelles],
        series=[graphiques.Serie("Valeur", [valeur.valeur for valeur in annuelles])],
        cible=_cible(indicateur),
        libelle_cible=f"Cible {ligne.cible_texte}" if _cible(indicateur) is not None else "",
        formateur=lambda valeur: formater(indicateur, valeur),
        # Le tableau de données dit aussi l'évolution : il tient lieu du tableau des trois années.
        complements=[
            ("Évolution (même période de l'année précédente)", [valeur.variation_texte for valeur in annuelles])
        ],
    )


def _periode(valeur) -> str:
    """« 2022 », « 2022 (provisoire) » (une mesure provisoire), « 2023 (au 31/10/2023) » (année en cours)."""
    if valeur.provisoire and valeur.valeur is not None and valeur.periode_texte == str(valeur.annee):
        return f"{valeur.annee} (provisoire)"
    return valeur.periode_texte
