"""Import des résultats d'enquête de satisfaction (csv ou xlsx), au format de satisfaction_2022_2023.csv.

Colonnes : Thème, Critère, puis une colonne par année (« 2022 », « 2023 ») contenant le taux
« très satisfait + satisfait » en %. Chaque année crée (ou actualise) son enquête et ses résultats par
critère ; une cellule vide laisse le critère sans résultat pour cette année. Tout est vérifié avant
d'écrire ; une erreur nomme sa ligne et sa colonne.
"""

from decimal import Decimal

from qualite.annees import ANNEES
from qualite.imports import RapportImport
from qualite.tableur import lire_decimal, lire_tableau

from .services import CREE, MIS_A_JOUR, enquete_obtenir, resultat_enregistrer

COLONNES = {
    "theme": ["Thème", "Theme"],
    "critere": ["Critère", "Critere"],
    **{str(annee): [str(annee)] for annee in ANNEES},
}
ENTETES = ["Thème", "Critère", "une colonne par année (ex. 2022, 2023) : taux de satisfaction en %"]


def importer_enquete(*, rapport: RapportImport, fichier, nom: str, utilisateur=None, **options) -> RapportImport:
    tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires={"theme", "critere"}, nom=nom)
    annees = sorted(int(cle) for cle in tableau.colonnes if cle.isdigit())
    if not annees:
        rapport.erreur(tableau.ligne_entete, "En-tête : aucune colonne d'année (ex. « 2023 ») n'a été trouvée.")
        return rapport
    valides: list[tuple[int, str, str, dict[int, Decimal]]] = []
    vus: dict[tuple[str, str], int] = {}
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        theme, critere = ligne.texte("theme"), ligne.texte("critere")
        if not theme:
            rapport.erreur(ligne.numero, "Colonne « Thème » : valeur manquante.")
        if not critere:
            rapport.erreur(ligne.numero, "Colonne « Critère » : valeur manquante.")
        if not theme or not critere:
            continue
        if (theme, critere) in vus:
            rapport.erreur(ligne.numero, f"Critère « {critere} » déjà présent ligne {vus[(theme, critere)]}.")
            continue
        vus[(theme, critere)] = ligne.numero
        taux: dict[int, Decimal] = {}
        for annee in annees:
            try:
                valeur = lire_decimal(ligne.valeurs.get(str(annee)))
            except ValueError as erreur:
                rapport.erreur(ligne.numero, f"Colonne « {annee} » : {erreur}.")
                continue
            if valeur is None:
                continue
            if not Decimal(0) <= valeur <= Decimal(100):
                rapport.erreur(ligne.numero, f"Colonne « {annee} » : taux « {valeur} » hors de 0 à 100 %.")
                continue
            taux[annee] = valeur
        valides.append((ligne.numero, theme, critere, taux))
        rapport.apercu.append(
            {"Ligne": ligne.numero, "Thème": theme, "Critère": critere}
            | {str(annee): (f"{taux[annee]} %" if annee in taux else "—") for annee in annees}
        )
    if rapport.erreurs:
        return rapport
    enquetes = {annee: enquete_obtenir(annee=annee)[0] for annee in annees}
    for ordre, (_, theme, critere, taux) in enumerate(valides):
        for annee, valeur in taux.items():
            _, etat = resultat_enregistrer(
                enquete=enquetes[annee], theme=theme, critere=critere, taux=valeur, ordre=ordre
            )
            if etat == CREE:
                rapport.crees += 1
            elif etat == MIS_A_JOUR:
                rapport.mis_a_jour += 1
            else:
                rapport.inchanges += 1
    return rapport
