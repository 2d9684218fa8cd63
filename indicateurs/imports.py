"""Import et export des mesures (csv ou xlsx).

Colonnes : Indicateur (le code), Période (AAAA-MM, AAAA-Tn ou AAAA), Numérateur, Dénominateur, Valeur,
Provisoire, Commentaire. Toutes les lignes sont vérifiées avant d'écrire ; une erreur nomme sa ligne.
"""

import re

from django.core.exceptions import ValidationError

from qualite.export import ecrire_csv, ecrire_ods, ecrire_xlsx
from qualite.imports import RapportImport
from qualite.tableur import lire_decimal, lire_tableau, normaliser

from .models import Indicateur, Mesure, Periodicite
from .regles import verifier_termes
from .services import mesure_enregistrer

ENTETES = ["Indicateur", "Période", "Numérateur", "Dénominateur", "Valeur", "Provisoire", "Commentaire"]
COLONNES = {
    "indicateur": ["Indicateur", "Code", "Code indicateur"],
    "periode": ["Période", "Periode", "Mois"],
    "numerateur": ["Numérateur"],
    "denominateur": ["Dénominateur"],
    "valeur": ["Valeur"],
    "provisoire": ["Provisoire"],
    "commentaire": ["Commentaire"],
}
LIBELLES_TERMES = {"numerateur": "Numérateur", "denominateur": "Dénominateur", "valeur": "Valeur"}
OUI = {"oui", "o", "1", "vrai", "x", "provisoire", "true", "yes"}
NON = {"", "non", "n", "0", "faux", "definitif", "false", "no"}


def lire_periode(texte: str, indicateur: Indicateur) -> tuple[int, int, int]:
    """« 2023-10 » → (2023, 0, 10) ; « 2023-T2 » → (2023, 2, 0) ; « 2023 » → (2023, 0, 0)."""
    texte = texte.strip().upper().replace("/", "-")
    if correspondance := re.fullmatch(r"(\d{4})-(\d{1,2})", texte):
        annee, mois = int(correspondance[1]), int(correspondance[2])
        if not 1 <= mois <= 12:
            raise ValueError(f"mois « {mois} » impossible")
        attendu, periode = Periodicite.MENSUELLE, (annee, 0, mois)
    elif correspondance := re.fullmatch(r"(\d{4})-T([1-4])", texte):
        attendu, periode = Periodicite.TRIMESTRIELLE, (int(correspondance[1]), int(correspondance[2]), 0)
    elif re.fullmatch(r"\d{4}", texte):
        attendu, periode = Periodicite.ANNUELLE, (int(texte), 0, 0)
    else:
        raise ValueError(f"période « {texte} » non reconnue (attendu AAAA-MM, AAAA-Tn ou AAAA)")
    if attendu != indicateur.periodicite:
        raise ValueError(
            f"période « {texte} » incompatible avec un indicateur de périodicité "
            f"{indicateur.get_periodicite_display().lower()}"
        )
    return periode


def importer_mesures(*, rapport: RapportImport, fichier, nom: str, utilisateur=None, **options) -> RapportImport:
    tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires={"indicateur", "periode"}, nom=nom)
    indicateurs = {i.code: i for i in Indicateur.objects.all()}
    existantes = {
        (m.indicateur_id, m.annee, m.trimestre, m.mois)
        for m in Mesure.objects.only("indicateur", "annee", "trimestre", "mois")
    }
    vues = set()
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        code = ligne.texte("indicateur")
        indicateur = indicateurs.get(code)
        if indicateur is None:
            rapport.erreur(ligne.numero, f"Indicateur : code « {code} » inconnu.")
            continue
        if indicateur.source_registre:
            rapport.erreur(
                ligne.numero,
                f"Indicateur : « {code} » est calculé depuis le registre des sollicitations, "
                "il ne s'importe pas (enregistrez les sollicitations dans l'écoute des usagers).",
            )
            continue
        try:
            annee, trimestre, mois = lire_periode(ligne.texte("periode"), indicateur)
        except ValueError as erreur:
            rapport.erreur(ligne.numero, f"Période : {erreur}.")
            continue
        cle = (indicateur.pk, annee, trimestre, mois)
        if cle in vues:
            rapport.erreur(ligne.numero, f"Période : {ligne.texte('periode')} figure deux fois pour {code}.")
            continue
        vues.add(cle)
        nombres = {}
        for champ, libelle in LIBELLES_TERMES.items():
            try:
                nombres[champ] = lire_decimal(ligne.valeurs.get(champ))
            except ValueError as erreur:
                rapport.erreur(ligne.numero, f"{libelle} : {erreur}.")
        if len(nombres) < len(LIBELLES_TERMES):
            continue
        try:
            verifier_termes(indicateur.type_calcul, **nombres)
        except ValidationError as erreur:
            for champ, messages in erreur.message_dict.items():
                for message in messages:
                    rapport.erreur(ligne.numero, f"{LIBELLES_TERMES[champ]} : {message}")
            continue
        provisoire_texte = normaliser(ligne.texte("provisoire"))
        if provisoire_texte not in OUI | NON:
            rapport.erreur(ligne.numero, f"Provisoire : « {ligne.texte('provisoire')} » non reconnu (oui ou non).")
            continue
        numerateur, denominateur, valeur = nombres["numerateur"], nombres["denominateur"], nombres["valeur"]
        mesure_enregistrer(
            indicateur=indicateur,
            annee=annee,
            trimestre=trimestre,
            mois=mois,
            numerateur=numerateur,
            denominateur=denominateur,
            valeur=valeur,
            provisoire=provisoire_texte in OUI,
            commentaire=ligne.texte("commentaire"),
            auteur=utilisateur,
        )
        if cle in existantes:
            rapport.mis_a_jour += 1
        else:
            rapport.crees += 1
        if len(rapport.apercu) < 50:
            rapport.apercu.append(
                {
                    "Ligne": ligne.numero,
                    "Indicateur": code,
                    "Période": ligne.texte("periode"),
                    "Numérateur": ligne.texte("numerateur"),
                    "Dénominateur": ligne.texte("denominateur"),
                    "Valeur": ligne.texte("valeur"),
                }
            )
    return rapport


def lignes_export(mesures) -> list[list]:
    return [
        [
            mesure.indicateur.code,
            mesure.periode,
            mesure.numerateur,
            mesure.denominateur,
            mesure.valeur,
            "oui" if mesure.provisoire else "non",
            mesure.commentaire,
        ]
        for mesure in mesures
    ]


def export_csv(mesures) -> bytes:
    return ecrire_csv(ENTETES, lignes_export(mesures))


def export_xlsx(mesures) -> bytes:
    return ecrire_xlsx(ENTETES, lignes_export(mesures), feuille="Mesures")


def export_ods(mesures) -> bytes:
    return ecrire_ods(ENTETES, lignes_export(mesures), feuille="Mesures")
