"""Le contenu des diapositives, lu dans `bilan.contenu.contenu_bilan` : les mêmes selectors, les mêmes chiffres.

Une diapositive est décrite une fois (titre, chiffres clés, paragraphes, puces, tableau, graphique, notes de
l'orateur) puis rendue en PPTX (`powerpoint.py`) ou en PDF 16:9 (`pdf.py`). L'édition CLU reçoit le contenu
public de `contenu_bilan` (ni nom de personne ni commentaire interne) : rien de plus n'est lu ici.
"""

from collections.abc import Iterable

from engagements import selectors as engagements_selectors
from qualite.annees import date_reference

from ..contenu import contenu_bilan
from ..models import Edition
from ..rendu import auteur
from .diapositives import CONSTRUCTEURS, Diapositive, Presentation, Tableau

__all__ = ["CLES", "DIAPOSITIVES", "Diapositive", "Presentation", "Tableau", "presentation"]

# Les diapositives que le référent peut décocher, dans l'ordre du diaporama du comité.
DIAPOSITIVES = [
    ("ordre_du_jour", "Ordre du jour"),
    ("label", "Le label : historique, modules du périmètre, prochain audit"),
    ("audit", "Le dernier audit : tableau de l'auditeur et constats par nature"),
    ("plan_actions", "Le plan d'actions : total, statuts, exemples en cours, retards"),
    ("indicateurs", "Les indicateurs : une diapositive par indicateur"),
    ("appels_mysteres", "Les appels mystères"),
    ("satisfaction", "L'enquête de satisfaction"),
    ("ecoute", "L'écoute des usagers"),
    ("transparence", "Transparence et Services Publics+"),
    ("perspectives", "Perspectives"),
]
CLES = [cle for cle, _ in DIAPOSITIVES]


def presentation(annee: int, edition: str, *, retenues: Iterable[str] | None = None) -> Presentation:
    """Le diaporama de l'année et de l'édition ; `retenues` : les clés des diapositives gardées (toutes sinon)."""
    gardees = set(CLES if retenues is None else retenues)
    c = contenu_bilan(annee, edition)
    site = c["site"]
    jour = date_reference(annee)
    c["prochain_audit"] = (
        engagements_selectors.prochaine_echeance(site=site, aujourdhui=jour, cycle=c["cycle"]) if site else None
    )
    prefecture = c["prefecture"]
    libelle = "Comité de pilotage" if edition == Edition.COPIL else "Comité local des usagers"
    titre = f"Démarche qualité : bilan {annee}"
    sous_titre = f"{libelle}{f' — {prefecture.nom}' if prefecture.nom else ''}"
    corps: list[Diapositive] = []
    for cle in CLES[1:]:
        if cle in gardees:
            corps.extend(CONSTRUCTEURS[cle](c))
    diapositives = [
        Diapositive(
            cle="couverture",
            titre=titre,
            sous_titre=sous_titre,
            couverture=True,
            notes=f"Chiffres au 31/12/{annee} (au jour de la génération pour l'année en cours), lus dans les mêmes "
            "définitions que le bilan annuel et le tableau de bord.",
        )
    ]
    if "ordre_du_jour" in gardees:
        vus: list[str] = []
        for diapositive in corps:
            libelle_cle = dict(DIAPOSITIVES)[diapositive.cle].split(" :")[0]
            if libelle_cle not in vus:
                vus.append(libelle_cle)
        diapositives.append(
            Diapositive(
                cle="ordre_du_jour",
                titre="Ordre du jour",
                puces=vus,
                notes="Les points présentés au comité, dans l'ordre du diaporama.",
            )
        )
    diapositives.extend(corps)
    return Presentation(
        annee=annee,
        edition=edition,
        titre=titre,
        sous_titre=sous_titre,
        bloc_marque=prefecture.bloc_marque,
        auteur=auteur(edition),
        diapositives=diapositives,
    )
