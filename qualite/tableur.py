"""Lecture des tableaux importés (CSV, xlsx ou ods) tels que les services les envoient.

- l'en-tête est cherché dans les premières lignes (il peut suivre des lignes de titre) ;
- les libellés de colonnes sont comparés sans casse, accents, espaces ni pluriel ;
- les cellules sont nettoyées (retours à la ligne, espaces insécables) ;
- chaque ligne garde son numéro dans le fichier, pour nommer les erreurs ;
- toute erreur de lecture devient une ErreurTableur en français qui nomme le fichier, la feuille, la ligne ou
  la cellule ; les limites (taille, lignes, colonnes, longueur d'une cellule) sont vérifiées en lisant, en flux,
  et la lecture s'arrête dès la première franchie.
"""

import csv
import functools
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl.utils import get_column_letter

from qualite.cellules import restaurer
from qualite.nombres import IDENTIFIANT, fini

LIGNES_AVANT_ENTETE = 20
ORIGINE_EXCEL = date(1899, 12, 30)
DATE_EXCEL_MIN = 1  # 01/01/1900
DATE_EXCEL_MAX = (date(2200, 12, 31) - ORIGINE_EXCEL).days
LONGUEUR_NOMBRE_MAX = 40


class ErreurTableur(Exception):
    """Le fichier ne peut pas être lu (format, encodage, en-tête introuvable)."""


def normaliser(texte: Any) -> str:
    """« Pistes de progrès » → « piste de progre » : sans casse, accents, ponctuation ni pluriel."""
    return "" if texte is None else _normaliser(str(texte))


@functools.lru_cache(maxsize=4096)
def _normaliser(texte: str) -> str:
    """Mémorisé : un import compare les mêmes libellés (statuts, origines, services) à chaque ligne."""
    texte = nettoyer(texte).lower()
    texte = unicodedata.normalize("NFKD", texte)
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    texte = texte.replace("n°", "numero").replace("no.", "numero")
    mots = re.findall(r"[a-z0-9]+", texte)
    return " ".join(_singulier(mot) for mot in mots)


def _singulier(mot: str) -> str:
    if len(mot) > 3 and mot.endswith(("s", "x")) and not mot.endswith(("ss", "us")):
        return mot[:-1]
    return mot


# Un texte sans espace en tête, en fin ni en double, sans tabulation, retour à la ligne ni espace insécable.
_PROPRE = re.compile(r"(?:[^\s\u00a0\u202f\u2007\u2028]+(?: [^\s\u00a0\u202f\u2007\u2028]+)*)?")


def nettoyer(valeur: Any, *, multiligne: bool = False) -> str:
    """Texte d'une cellule sans espaces insécables ni espaces en trop.

    Les retours à la ligne deviennent des espaces, sauf pour un texte long (`multiligne`) :
    ils y sont gardés, normalisés en « \\n ».
    """
    if valeur is None:
        return ""
    if isinstance(valeur, str) and _PROPRE.fullmatch(valeur):
        return valeur  # déjà propre : le cas de presque toutes les cellules, sans rien recopier
    texte = str(valeur).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    for caractere in ("\u00a0", "\u202f", "\u2007", "\t"):
        texte = texte.replace(caractere, " ")
    if not multiligne:
        texte = texte.replace("\n", " ")
        return re.sub(r" {2,}", " ", texte).strip()
    lignes = [re.sub(r" {2,}", " ", ligne).strip() for ligne in texte.split("\n")]
    return "\n".join(lignes).strip()


@dataclass
class Ligne:
    numero: int
    valeurs: dict[str, Any]
    # Cellules telles que lues, avant nettoyage (pour les textes longs à plusieurs lignes).
    brutes: dict[str, Any] = field(default_factory=dict)

    def texte(self, cle: str, *, multiligne: bool = False) -> str:
        valeur = self.brutes.get(cle) if multiligne else self.valeurs.get(cle)
        if isinstance(valeur, float) and valeur.is_integer():
            valeur = int(valeur)
        return nettoyer(valeur, multiligne=multiligne)

    @property
    def est_vide(self) -> bool:
        return all(self.texte(cle) == "" for cle in self.valeurs)


@dataclass
class Tableau:
    lignes: list[Ligne]
    colonnes: list[str]
    ligne_entete: int
    ignorees: list[int] = field(default_factory=list)


def lire_tableau(
    fichier: BinaryIO | Path | str,
    *,
    colonnes: dict[str, list[str]],
    obligatoires: set[str] | None = None,
    nom: str | None = None,
) -> Tableau:
    """Lit un CSV, un xlsx ou un ods ; `colonnes` associe une clé aux libellés acceptés pour sa colonne."""
    nom = nom or str(getattr(fichier, "name", fichier))
    brutes = _lire_lignes(fichier, nom)
    obligatoires = set(colonnes) if obligatoires is None else obligatoires
    libelles = {normaliser(libelle): cle for cle, variantes in colonnes.items() for libelle in variantes}

    for index, ligne in enumerate(brutes[:LIGNES_AVANT_ENTETE]):
        positions = {}
        for position, cellule in enumerate(ligne):
            cle = libelles.get(normaliser(cellule))
            if cle and cle not in positions:
                positions[cle] = position
        if obligatoires <= set(positions) and positions:
            lignes, ignorees = [], []
            for decalage, cellules in enumerate(brutes[index + 1 :], start=index + 2):
                # La neutralisation des formules à l'export est défaite ici, une fois (`qualite.cellules`).
                lues = {cle: restaurer(cellules[pos] if pos < len(cellules) else "") for cle, pos in positions.items()}
                valeurs = {cle: _nettoyer_valeur(valeur) for cle, valeur in lues.items()}
                lignes.append(Ligne(numero=decalage, valeurs=valeurs, brutes=lues))
            # Les lignes entièrement vides en fin de fichier ne comptent pas.
            while lignes and lignes[-1].est_vide and all(not nettoyer(c) for c in brutes[lignes[-1].numero - 1]):
                lignes.pop()
            return Tableau(lignes=lignes, colonnes=list(positions), ligne_entete=index + 1, ignorees=ignorees)

    attendues = ", ".join(colonnes[cle][0] for cle in colonnes if cle in obligatoires)
    raise ErreurTableur(f"En-tête introuvable : le fichier doit contenir les colonnes {attendues}.")


def _nettoyer_valeur(valeur: Any) -> Any:
    if isinstance(valeur, str):
        return nettoyer(valeur)
    return valeur


# Limites vérifiées en lisant, avant tout travail lourd : le fichier est refusé dès qu'une limite est franchie.
TAILLE_MAX = 10 * 1024 * 1024  # octets (celle du téléversement, TAILLE_MAX_TELEVERSEMENT)
LIGNES_MAX = 20_000
COLONNES_MAX = 100
CELLULE_MAX = 10_000  # caractères
# Des lignes vides à la suite : la fin des données (un classeur de 400 000 lignes vides s'arrête là).
LIGNES_VIDES_FIN = 1_000
FORMATS_LUS = ".csv, .xlsx ou .ods"


def _lire_lignes(fichier: BinaryIO | Path | str, nom: str) -> list[list[Any]]:
    nom_court = Path(nom).name
    if isinstance(fichier, (str, Path)):
        with open(fichier, "rb") as lecture:
            contenu = lecture.read(TAILLE_MAX + 1)
    else:
        if hasattr(fichier, "seek"):
            fichier.seek(0)
        contenu = fichier.read(TAILLE_MAX + 1)
    if len(contenu) > TAILLE_MAX:
        raise ErreurTableur(f"Fichier « {nom_court} » trop volumineux : {TAILLE_MAX // (1024 * 1024)} Mo au plus.")
    extension = Path(nom).suffix.lower()
    if extension in (".xls",):
        raise ErreurTableur(f"Format non pris en charge ({extension}) : envoyez un fichier {FORMATS_LUS}.")
    if extension == ".ods" or (contenu[:2] == b"PK" and b"opendocument.spreadsheet" in contenu[:200]):
        return _lire_classeur(contenu, "ods", nom_court)
    if extension == ".xlsx" or contenu[:2] == b"PK":
        return _lire_classeur(contenu, "xlsx", nom_court)
    return _borner(_lignes_csv(contenu, nom_court), nom_court, "")


def _borner(lignes, nom: str, feuille: str) -> list[list[Any]]:
    """Lit les lignes une à une en vérifiant les limites ; s'arrête à la première franchie (ErreurTableur qui
    nomme le fichier, la feuille, la ligne et la cellule)."""
    ou = f"« {nom} »" + (f", feuille « {feuille} »" if feuille else "")
    resultat: list[list[Any]] = []
    vides = 0
    numero = 0
    try:
        for numero, ligne in enumerate(lignes, start=1):
            cellules = list(ligne)
            while cellules and cellules[-1] in (None, ""):
                cellules.pop()
            if not cellules:
                vides += 1
                if vides >= LIGNES_VIDES_FIN:
                    break
                resultat.append([])
                continue
            vides = 0
            if numero > LIGNES_MAX:
                raise ErreurTableur(f"Fichier {ou} : plus de {LIGNES_MAX:_} lignes, découpez-le.".replace("_", " "))
            if len(cellules) > COLONNES_MAX:
                raise ErreurTableur(
                    f"Fichier {ou}, ligne {numero} : plus de {COLONNES_MAX} colonnes "
                    f"(cellule {get_column_letter(COLONNES_MAX + 1)}{numero})."
                )
            for position, valeur in enumerate(cellules, start=1):
                if isinstance(valeur, str) and len(valeur) > CELLULE_MAX:
                    raise ErreurTableur(
                        f"Fichier {ou}, ligne {numero}, cellule {get_column_letter(position)}{numero} : "
                        f"texte trop long ({len(valeur):_} caractères, {CELLULE_MAX:_} au plus).".replace("_", " ")
                    )
                if isinstance(valeur, float) and not math.isfinite(valeur):
                    cellules[position - 1] = str(valeur)  # NaN, inf : refusés par lire_decimal, en français
            resultat.append(cellules)
    except ErreurTableur:
        raise
    except csv.Error as erreur:
        raise ErreurTableur(f"Fichier {ou}, ligne {numero + 1} : ligne illisible ({_csv_erreur(erreur)}).") from None
    except Exception as erreur:  # bibliothèques de lecture : XML tronqué, archive abîmée, date impossible…
        raise ErreurTableur(
            f"Fichier {ou} : contenu illisible après la ligne {numero} ; enregistrez-le de nouveau depuis le tableur."
        ) from erreur
    while resultat and not resultat[-1]:
        resultat.pop()
    return resultat


def _csv_erreur(erreur: csv.Error) -> str:
    texte = str(erreur)
    if "field larger" in texte:
        return f"cellule de plus de {CELLULE_MAX:_} caractères".replace("_", " ")
    if "NUL" in texte:
        return "caractère nul : est-ce bien un fichier texte ?"
    return "guillemets mal fermés ou caractère inattendu"


def _lire_classeur(contenu: bytes, genre: str, nom: str) -> list[list[Any]]:
    """La première feuille d'un classeur xlsx ou ods, lue en flux par calamine (python-calamine, en Rust) et arrêtée
    dès qu'une limite est franchie. Les cellules gardent leur type : nombre en float, date en date (ou date et heure),
    le reste en texte ; une cellule vide est « »."""
    from python_calamine import CalamineWorkbook

    logiciel = "LibreOffice" if genre == "ods" else "Excel"
    try:
        classeur = CalamineWorkbook.from_filelike(io.BytesIO(contenu))
        noms = classeur.sheet_names
    except Exception as erreur:  # calamine lève des exceptions variées sur un fichier abîmé
        message = f"Le fichier « {nom} » ne peut pas être lu : est-ce bien un classeur {logiciel} ?"
        raise ErreurTableur(message) from erreur
    if not noms:
        raise ErreurTableur(f"Le classeur « {nom} » ne contient aucune feuille.")
    try:
        feuille = classeur.get_sheet_by_index(0)
    except Exception as erreur:  # feuille au XML tronqué, date impossible…
        raise ErreurTableur(
            f"Fichier « {nom} », feuille « {noms[0]} » : contenu illisible ; "
            "enregistrez-le de nouveau depuis le tableur."
        ) from erreur
    return _borner(feuille.iter_rows(), nom, noms[0])


def _lignes_csv(contenu: bytes, nom: str):
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            texte = contenu.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 ne décode pas 5 octets (0x81, 0x8d, 0x8f, 0x90, 0x9d)
        raise ErreurTableur(f"Encodage du fichier « {nom} » non reconnu : enregistrez-le en UTF-8.")
    echantillon = texte[:4096]
    separateur = ";" if echantillon.count(";") > echantillon.count(",") else ","
    if echantillon.count("\t") > max(echantillon.count(";"), echantillon.count(",")):
        separateur = "\t"
    csv.field_size_limit(CELLULE_MAX * 4 + 2)
    return csv.reader(io.StringIO(texte), delimiter=separateur)


# Conversions de cellules : chacune lève ValueError avec un message français.


def lire_date(valeur: Any) -> date | None:
    """Date Excel (nombre ou cellule date), jj/mm/aaaa ou aaaa-mm-jj ; vide → None."""
    if valeur in (None, ""):
        return None
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        return _date_excel(valeur)
    texte = nettoyer(valeur)
    if re.fullmatch(r"\d{5}(\.0+)?", texte):
        return _date_excel(float(texte))
    for format_date in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(texte, format_date).date()
        except ValueError:
            continue
    raise ValueError(f"date « {texte} » non reconnue (attendu jj/mm/aaaa)")


def _date_excel(jours: float) -> date:
    """Le numéro de série d'une date Excel ; hors de 1900-2200 (1e10, NaN, infini) : ValueError."""
    if not (math.isfinite(jours) and DATE_EXCEL_MIN <= jours <= DATE_EXCEL_MAX):
        raise ValueError(f"date « {jours:g} » impossible (attendu jj/mm/aaaa)")
    return ORIGINE_EXCEL + timedelta(days=int(jours))


def lire_decimal(valeur: Any) -> Decimal | None:
    """« 1 234,5 », « 8,2 % », 12.5 → Decimal ; vide → None. NaN, infinis et exposants démesurés
    (`1e999999`) sont refusés sans être développés (`qualite.nombres.fini`)."""
    if valeur in (None, ""):
        return None
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        texte = str(valeur)
    else:
        texte = nettoyer(valeur)
        if len(texte) > LONGUEUR_NOMBRE_MAX:
            raise ValueError(f"nombre « {texte[:20]}… » trop long")
        texte = texte.replace(" ", "").replace("%", "").replace(",", ".")
    try:
        nombre = Decimal(texte)
    except InvalidOperation:
        raise ValueError(f"nombre « {nettoyer(valeur)} » non reconnu") from None
    if not nombre.is_finite():
        raise ValueError(f"nombre « {nettoyer(valeur)} » non reconnu (ni NaN ni infini)")
    if not fini(nombre):
        raise ValueError(f"nombre « {nettoyer(valeur)} » hors des bornes")
    return nombre


def lire_entier(valeur: Any) -> int | None:
    nombre = lire_decimal(valeur)
    if nombre is None:
        return None
    if nombre != nombre.to_integral_value():
        raise ValueError(f"nombre entier attendu, « {nettoyer(valeur)} » reçu")
    if abs(nombre) > IDENTIFIANT.maximum:
        raise ValueError(f"nombre « {nettoyer(valeur)} » hors des bornes")
    return int(nombre)


def correspondance(valeur: Any, choix: dict[str, str]) -> str:
    """Retrouve la valeur d'un choix par son libellé, quels que soient casse, accents et genre.

    `choix` associe la valeur stockée à son libellé : {"realisee": "Réalisée"}.
    « réalisé », « Réalisée » et « REALISEE » donnent tous "realisee".
    """
    cible = _sans_genre(normaliser(valeur))
    for cle, libelle in choix.items():
        if cible in (_sans_genre(normaliser(libelle)), _sans_genre(normaliser(cle))):
            return cle
    attendus = ", ".join(choix.values())
    raise ValueError(f"« {nettoyer(valeur)} » n'est pas reconnu (valeurs possibles : {attendus})")


def _sans_genre(texte: str) -> str:
    """« realisee », « realise » → « realis » : le féminin et le masculin se confondent."""
    return " ".join(mot.rstrip("e") if len(mot) > 3 else mot for mot in texte.split())
