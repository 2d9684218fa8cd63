"""Relecture de l'arbre de structure d'un PDF (pikepdf) : ce qu'une personne vérifie d'un PDF/UA-1.

Les règles automatiques de PDF/UA (métadonnées, polices incorporées, `Lang`) ne disent pas si le document se lit
bien avec un lecteur d'écran. `defauts(contenu)` relit l'arbre et rend, en français, chaque défaut trouvé :

- contenu hors de l'arbre : tout texte dessiné doit être marqué par un MCID rattaché à un élément atteignable
  depuis la racine, ou être un artefact (`/Artifact`), comme les en-têtes courants et les numéros de page ;
- tableaux : chaque `TH` a un `Scope`, chaque `Headers` d'une cellule désigne un identifiant de l'`IDTree` ;
- tableaux coupés : chaque `Table` a sa légende et des lignes de données (pas de morceau réduit à sa légende ni
  de suite sans légende) ; un tableau court (`LIGNES_COURT` lignes au plus) tient sur une page ;
- liens : aucun `Link` dans un `Link`, le texte de chaque lien (lu dans son rectangle par pdftotext) est
  parlant (des lettres, pas de points de conduite) et son annotation a une description (`Contents`) qui n'est
  pas sa cible brute ;
- titres : un seul `H1`, aucun titre dans un titre.

    from tests_outils.pdf_ua import defauts
    assert defauts(pdf.contenu) == []

Réutilisable pour tout PDF produit par `qualite.pdf` (bilan, affiches, diaporama).
"""

import io
import re
import subprocess
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

LIGNES_COURT = 15
OPERATEURS_TEXTE = {"Tj", "TJ", "'", '"'}
TITRES = {f"/H{n}" for n in range(1, 7)} | {"/H"}


def _enfants(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _est_element(objet) -> bool:
    return isinstance(objet, Dictionary) and "/S" in objet


def elements(racine):
    """Chaque élément de structure sous `racine`, dans l'ordre de lecture."""
    pile = [kid for kid in reversed(_enfants(racine)) if _est_element(kid)]
    while pile:
        element = pile.pop()
        yield element
        pile.extend(kid for kid in reversed(_enfants(element)) if _est_element(kid))


@dataclass
class Structure:
    """Ce que l'arbre de structure d'un PDF donne à lire."""

    pdf: pikepdf.Pdf
    contenu: bytes
    numeros: dict = field(default_factory=dict)  # objgen d'une page → son numéro (1, 2…)

    @classmethod
    def lire(cls, contenu: bytes) -> "Structure":
        pdf = pikepdf.open(io.BytesIO(contenu))
        structure = cls(pdf=pdf, contenu=contenu)
        structure.numeros = {page.obj.objgen: numero for numero, page in enumerate(pdf.pages, start=1)}
        return structure

    @property
    def racine(self):
        return self.pdf.Root.StructTreeRoot

    def elements(self, nom: str | None = None) -> list:
        return [e for e in elements(self.racine) if nom is None or str(e.S) == nom]

    def page(self, element) -> int | None:
        return self.numeros.get(element.Pg.objgen) if "/Pg" in element else None

    # Contenu hors de l'arbre -----------------------------------------------------------------------------------
    def hors_arbre(self) -> int:
        """Le nombre de textes dessinés ni artefacts ni rattachés à un élément de l'arbre."""
        atteints = {element.objgen for element in elements(self.racine)}
        nums = self.racine.ParentTree.get("/Nums", Array())
        tableaux = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        total = 0
        for page in self.pdf.pages:
            cle = page.obj.get("/StructParents")
            tableau = tableaux.get(int(cle)) if cle is not None else None

            def rattache(mcid: int, tableau=tableau) -> bool:
                if not isinstance(tableau, Array) or mcid >= len(tableau):
                    return False
                element = tableau[mcid]
                return _est_element(element) and element.objgen in atteints

            total += _textes_hors_arbre(page, page.obj.get("/Resources"), [], rattache, set())
        return total

    # Tableaux ------------------------------------------------------------------------------------------------
    def ids(self) -> set[str]:
        if "/IDTree" not in self.racine:
            return set()
        return {str(cle) for cle in pikepdf.NameTree(self.racine.IDTree)}

    def defauts_tableaux(self) -> list[str]:
        defauts = []
        ids = self.ids()
        for numero, tableau in enumerate(self.elements("/Table"), start=1):
            nom = f"tableau {numero} (page {self.page(tableau)})"
            if not any(_est_element(kid) and str(kid.S) == "/Caption" for kid in _enfants(tableau)):
                defauts.append(f"{nom} : sans légende (suite d'un tableau coupé ?)")
            lignes = [e for e in elements(tableau) if str(e.S) == "/TR"]
            donnees = [ligne for ligne in lignes if any(str(e.S) == "/TD" for e in _enfants(ligne) if _est_element(e))]
            if not donnees:
                defauts.append(f"{nom} : aucune ligne de données (morceau réduit à sa légende ou à son en-tête)")
            pages = {self.page(ligne) for ligne in lignes}
            if len(lignes) <= LIGNES_COURT and len(pages) > 1:
                defauts.append(f"{nom} : tableau court ({len(lignes)} lignes) coupé sur les pages {sorted(pages)}")
            for cellule in elements(tableau):
                attributs = cellule.get("/A") if isinstance(cellule.get("/A"), Dictionary) else Dictionary()
                if str(cellule.S) == "/TH" and str(attributs.get("/Scope", "")) not in ("/Row", "/Column", "/Both"):
                    defauts.append(f"{nom} : en-tête sans Scope")
                if str(cellule.S) == "/TD":
                    for entete in attributs.get("/Headers", Array()):
                        if str(entete) not in ids:
                            defauts.append(f"{nom} : Headers « {entete} » absent de l'IDTree")
        return defauts

    # Liens -------------------------------------------------------------------------------------------------
    def texte_lien(self, lien) -> str:
        """Le texte dessiné dans les rectangles des annotations du lien (réunis par page), lu par pdftotext."""
        rectangles: dict[int, list[float]] = {}
        for kid in _enfants(lien):
            if not (isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR):
                continue
            page = self.numeros.get(kid.Pg.objgen) if "/Pg" in kid else self.page(lien)
            xa, ya, xb, yb = (float(v) for v in kid.Obj.Rect)
            x1, y1, x2, y2 = rectangles.get(page, [min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)])
            rectangles[page] = [min(x1, xa, xb), min(y1, ya, yb), max(x2, xa, xb), max(y2, ya, yb)]
        morceaux = []
        for page, (x1, y1, x2, y2) in sorted(rectangles.items()):
            hauteur = float(self.pdf.pages[page - 1].mediabox[3])
            sortie = subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), "-r", "72", "-x", str(int(x1)), "-y",
                 str(int(hauteur - y2)), "-W", str(int(x2 - x1) + 1), "-H", str(int(y2 - y1) + 1), "-", "-"],
                input=self.contenu, capture_output=True, check=True,
            )  # fmt: skip
            morceaux.append(" ".join(sortie.stdout.decode().split()))
        return " ".join(morceau for morceau in morceaux if morceau)

    def annotations(self, lien) -> list:
        return [kid.Obj for kid in _enfants(lien) if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR]

    def defauts_liens(self) -> list[str]:
        defauts = []
        for lien in self.elements("/Link"):
            if any(_est_element(kid) and str(kid.S) == "/Link" for kid in elements(lien)):
                defauts.append(f"lien page {self.page(lien)} : un lien dans un lien")
            texte = self.texte_lien(lien)
            if not re.search(r"[^\W\d_]{2,}", texte):
                defauts.append(f"lien page {self.page(lien)} : texte non parlant « {texte} »")
            if re.search(r"\.{3,}|…", texte):
                defauts.append(f"lien page {self.page(lien)} : points de conduite lus dans « {texte} »")
            for annotation in self.annotations(lien):
                description = str(annotation.get("/Contents", ""))
                cible = str(annotation.get("/Dest", annotation.get("/A", Dictionary()).get("/URI", "")))
                if not re.search(r"[^\W\d_]{2,}", description) or description == cible:
                    defauts.append(f"lien page {self.page(lien)} : description « {description} » (sa cible brute)")
        return defauts

    # Titres ------------------------------------------------------------------------------------------------
    def defauts_titres(self) -> list[str]:
        defauts = []
        h1 = self.elements("/H1")
        if len(h1) != 1:
            defauts.append(f"{len(h1)} titres H1 (un seul attendu)")
        for titre in self.elements():
            if str(titre.S) in TITRES and any(str(e.S) in TITRES for e in elements(titre)):
                defauts.append(f"titre {titre.S} page {self.page(titre)} : un titre dans un titre")
        return defauts

    def defauts(self) -> list[str]:
        if "/StructTreeRoot" not in self.pdf.Root:
            return ["aucun arbre de structure (PDF non balisé)"]
        defauts = []
        if hors := self.hors_arbre():
            defauts.append(f"{hors} textes hors de l'arbre de structure (ni balisés ni artefacts)")
        return defauts + self.defauts_tableaux() + self.defauts_liens() + self.defauts_titres()


def _textes_hors_arbre(flux, ressources, pile: list, rattache, vus: set) -> int:
    """Compte les opérateurs de texte hors d'un artefact ou d'un contenu marqué rattaché à l'arbre."""
    total = 0
    xobjets = ressources.get("/XObject", Dictionary()) if ressources is not None else Dictionary()
    for operandes, operateur in pikepdf.parse_content_stream(flux):
        nom = str(operateur)
        if nom == "BDC":
            proprietes = operandes[1] if len(operandes) > 1 and isinstance(operandes[1], Dictionary) else {}
            pile.append((str(operandes[0]), proprietes.get("/MCID")))
        elif nom == "BMC":
            pile.append((str(operandes[0]), None))
        elif nom == "EMC" and pile:
            pile.pop()
        elif nom in OPERATEURS_TEXTE:
            artefact = any(etiquette == "/Artifact" for etiquette, _ in pile)
            marque = next((int(mcid) for _, mcid in reversed(pile) if mcid is not None), None)
            if not artefact and (marque is None or not rattache(marque)):
                total += 1
        elif nom == "Do":
            xobjet = xobjets.get(str(operandes[0]))
            if xobjet is not None and xobjet.get("/Subtype") == Name.Form and xobjet.objgen not in vus:
                vus.add(xobjet.objgen)
                total += _textes_hors_arbre(xobjet, xobjet.get("/Resources"), list(pile), rattache, vus)
    return total


def defauts(contenu: bytes) -> list[str]:
    """Les défauts de structure d'un PDF, en français ; [] pour un PDF qu'une personne accepterait."""
    return Structure.lire(contenu).defauts()
