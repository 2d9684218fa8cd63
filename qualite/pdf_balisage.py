"""Post-traitement pikepdf de l'arbre de structure que WeasyPrint écrit en PDF/UA-1.

WeasyPrint (version 70) balise bien le contenu des pages, mais laisse trois défauts qu'une personne relève à la
lecture d'un PDF/UA-1 et que ses options ne corrigent pas (`pdf_variant="pdf/ua-1"` est déjà employé) :

1. Les boîtes de marge (en-têtes courants, numéros de page) sont marquées comme du contenu (`/Span` avec un MCID)
   rattaché à des éléments de structure absents de l'arbre (WeasyPrint le dit dans `pdf/tags.py` : l'artefact n'y
   est prévu que pour PDF 2.0). Ici, chaque contenu marqué dont l'élément n'est pas atteignable depuis la racine
   devient un artefact de pagination (`/Artifact <</Type /Pagination>>`) et sort de l'arbre parent (ParentTree).
2. Les cellules `TD` désignent leurs en-têtes par `Headers`, mais l'arbre n'a pas d'`IDTree` (ISO 32000-1,
   14.7.2) qui permette de retrouver ces en-têtes, et aucun `TH` n'a de `Scope`. L'`IDTree` est ajouté ; chaque
   `TH` reçoit `Scope /Row` si une cellule de sa ligne le désigne, `Scope /Column` sinon.
3. Chaque annotation de lien a pour `Contents` (sa description, lue par les lecteurs d'écran) sa cible brute
   (« introduction », une adresse) : elle reçoit l'intitulé du lien lu dans le HTML (`intitules_des_liens`).
4. Les liens d'un lien (`a::after`, `a::before` d'un `<a>`) deviennent des `Link` imbriqués : le contenu d'un
   `Link` enfant d'un `Link` remonte dans son parent (un seul lien, un seul nom).

5. Un tableau coupé par un saut de page devient deux `Table` (l'arbre est bâti page par page) : la suite rejoint
   le premier morceau, son en-tête répété devient un artefact. Les tableaux courts, eux, ne sont jamais coupés
   (`break-inside: avoid` dans les feuilles).

`tests_outils/pdf_ua.py` relit l'arbre et vérifie l'ensemble.
"""

import io
from html.parser import HTMLParser

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, Object, Pdf


class _Liens(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.intitules: dict[str, str] = {}
        self._courant: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self._courant = (href[1:] if href.startswith("#") else href, [])

    def handle_data(self, data):
        if self._courant is not None:
            self._courant[1].append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._courant is not None:
            cible, morceaux = self._courant
            intitule = " ".join("".join(morceaux).split())
            if intitule:
                self.intitules.setdefault(cible, intitule)
            self._courant = None


def intitules_des_liens(html: str) -> dict[str, str]:
    """Cible de chaque lien du HTML (ancre sans « # » ou adresse) → son intitulé (le premier lien l'emporte)."""
    lecteur = _Liens()
    lecteur.feed(html)
    return lecteur.intitules


def _descriptions(pdf: Pdf, intitules: dict[str, str]) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") == Name.Link and str(annotation.get("/Contents", "")) in intitules:
                annotation.Contents = pikepdf.String(intitules[str(annotation.Contents)])


def _enfants(element: Object) -> list[Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _est_element(objet: Object) -> bool:
    return isinstance(objet, Dictionary) and "/S" in objet


def elements(racine: Object):
    """Chaque élément de structure sous `racine`, dans l'ordre de lecture (parcours en profondeur)."""
    pile = [enfant for enfant in reversed(_enfants(racine)) if _est_element(enfant)]
    while pile:
        element = pile.pop()
        yield element
        pile.extend(enfant for enfant in reversed(_enfants(element)) if _est_element(enfant))


def _tableau_parent(pdf: Pdf) -> dict[int, Array]:
    """Clé StructParents → tableau des éléments indexé par MCID (une entrée par page)."""
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2) if isinstance(nums[i + 1], Array)}


def _vers_artefacts(pdf: Pdf, flux: Object, orphelins: set[int], ressources: Object, vus: set) -> None:
    """Réécrit en artefacts, dans un flux de contenu et les XObjects de forme qu'il dessine, les MCID orphelins."""
    instructions = pikepdf.parse_content_stream(flux)
    change = False
    dessines = []
    for index, (operandes, operateur) in enumerate(instructions):
        nom = str(operateur)
        if nom == "Do" and operandes:
            dessines.append(str(operandes[0]))
        if nom != "BDC" or len(operandes) != 2 or not isinstance(operandes[1], Dictionary):
            continue
        mcid = operandes[1].get("/MCID")
        if mcid is not None and int(mcid) in orphelins:
            artefact = Dictionary(Type=Name.Pagination)
            instructions[index] = pikepdf.ContentStreamInstruction([Name.Artifact, artefact], operateur)
            change = True
    if change:
        donnees = pikepdf.unparse_content_stream(instructions)
        if isinstance(flux, pikepdf.Page):
            flux.obj.Contents = pdf.make_stream(donnees)
        else:
            flux.write(donnees)
    xobjets = ressources.get("/XObject", Dictionary()) if ressources is not None else Dictionary()
    for nom in dessines:
        xobjet = xobjets.get(nom)
        if xobjet is not None and xobjet.get("/Subtype") == Name.Form and xobjet.objgen not in vus:
            vus.add(xobjet.objgen)
            _vers_artefacts(pdf, xobjet, orphelins, xobjet.get("/Resources"), vus)


def _en_artefacts(pdf: Pdf, orphelins: dict[int, set[int]]) -> None:
    """Les MCID donnés (par clé StructParents de page) deviennent des artefacts de pagination hors de l'arbre."""
    tableaux = _tableau_parent(pdf)
    for page in pdf.pages:
        cle = page.obj.get("/StructParents")
        if cle is None or not orphelins.get(int(cle)):
            continue
        _vers_artefacts(pdf, page, orphelins[int(cle)], page.obj.get("/Resources"), set())
        for mcid in orphelins[int(cle)]:
            tableaux[int(cle)][mcid] = pikepdf.Object.parse(b"null")


def _marges_en_artefacts(pdf: Pdf) -> None:
    atteints = {element.objgen for element in elements(pdf.Root.StructTreeRoot)}
    orphelins = {
        cle: {mcid for mcid, element in enumerate(tableau) if _est_element(element) and element.objgen not in atteints}
        for cle, tableau in _tableau_parent(pdf).items()
    }
    _en_artefacts(pdf, orphelins)


def _fils(element: Object, nom: Name) -> list[Object]:
    return [kid for kid in _enfants(element) if _est_element(kid) and str(kid.S) == str(nom)]


def _retirer(element: Object) -> None:
    """Détache `element` de son parent, et le parent devenu vide du sien."""
    parent = element.get("/P")
    if not _est_element(parent):
        return
    parent.K = Array([kid for kid in _enfants(parent) if not (_est_element(kid) and kid.objgen == element.objgen)])
    if not _enfants(parent):
        _retirer(parent)


def _tableaux_rejoints(pdf: Pdf) -> None:
    """Un long tableau coupé par un saut de page redevient un seul `Table`.

    WeasyPrint bâtit l'arbre page par page : la suite d'un tableau sur la page suivante est un autre `Table`, sans
    légende, dont l'en-tête répété est relu comme du contenu. La suite rejoint le tableau qui la précède (même
    nombre de colonnes d'en-tête) : ses lignes s'ajoutent à son corps, son en-tête répété devient un artefact de
    pagination et ses cellules désignent les en-têtes du premier morceau.
    """
    tableaux = [element for element in elements(pdf.Root.StructTreeRoot) if str(element.S) == "/Table"]
    repetes: dict[int, set[int]] = {}  # MCID des en-têtes répétés, par page : artefacts en un seul passage
    precedent = None
    for tableau in tableaux:
        suite = precedent is not None and not _fils(tableau, Name.Caption) and tableau.Pg.objgen != precedent.Pg.objgen
        entete_suite = _fils(tableau, Name.THead)
        entete = _fils(precedent, Name.THead) if precedent is not None else []
        if suite and entete and entete_suite:
            ids = [str(th.get("/ID", "")) for th in elements(entete[0]) if str(th.S) == "/TH"]
            ids_suite = [str(th.get("/ID", "")) for th in elements(entete_suite[0]) if str(th.S) == "/TH"]
            suite = len(ids) == len(ids_suite)
        if not suite:
            precedent = tableau
            continue
        if entete and entete_suite:
            correspondance = dict(zip(ids_suite, ids, strict=True))
            orphelins: dict[int, set[int]] = {}
            for element in elements(entete_suite[0]):
                for kid in _enfants(element):
                    if isinstance(kid, int) and "/Pg" in element:
                        orphelins.setdefault(int(element.Pg.StructParents), set()).add(kid)
            for cle, mcids in orphelins.items():
                repetes.setdefault(cle, set()).update(mcids)
            for cellule in elements(tableau):
                attributs = cellule.get("/A")
                if str(cellule.S) == "/TD" and isinstance(attributs, Dictionary) and "/Headers" in attributs:
                    attributs.Headers = Array([correspondance.get(str(h), str(h)) for h in attributs.Headers])
        corps = _fils(precedent, Name.TBody)
        for morceau in _fils(tableau, Name.THead) if not entete else []:
            morceau.P = precedent
            precedent.K.append(morceau)
        for morceau in _fils(tableau, Name.TBody):
            if corps:
                for ligne in _enfants(morceau):
                    if _est_element(ligne):
                        ligne.P = corps[-1]
                        corps[-1].K.append(ligne)
            else:
                morceau.P = precedent
                precedent.K.append(morceau)
                corps = [morceau]
        _retirer(tableau)
    _en_artefacts(pdf, repetes)


def _tableaux(pdf: Pdf) -> None:
    ids = NameTree.new(pdf)
    for element in elements(pdf.Root.StructTreeRoot):
        if "/ID" in element:
            ids[str(element.ID)] = element
        if str(element.S) != "/TR":
            continue
        cellules = [cellule for cellule in _enfants(element) if _est_element(cellule)]
        designes = set()
        for cellule in cellules:
            attributs = cellule.get("/A")
            if str(cellule.S) == "/TD" and isinstance(attributs, Dictionary):
                designes.update(str(entete) for entete in attributs.get("/Headers", Array()))
        for cellule in cellules:
            if str(cellule.S) != "/TH":
                continue
            if not isinstance(cellule.get("/A"), Dictionary):
                cellule.A = Dictionary(O=Name.Table)
            ligne = "/ID" in cellule and str(cellule.ID) in designes
            cellule.A.Scope = Name.Row if ligne else Name.Column
    pdf.Root.StructTreeRoot.IDTree = ids.obj


def _liens_a_plat(pdf: Pdf) -> None:
    """Un `Link` dans un `Link` : ses MCID et annotations remontent dans le lien parent."""
    tableaux = _tableau_parent(pdf)
    for lien in list(elements(pdf.Root.StructTreeRoot)):
        parent = lien.get("/P")
        if str(lien.S) != "/Link" or (_est_element(parent) and str(parent.S) == "/Link"):
            continue  # un lien imbriqué remonte dans le lien du dessus, qui seul reste dans l'arbre
        kids = _enfants(lien)
        if not any(_est_element(kid) and str(kid.S) == "/Link" for kid in kids):
            continue
        a_plat: list[Object] = []
        pile = list(reversed(kids))
        while pile:
            kid = pile.pop()
            if _est_element(kid) and str(kid.S) == "/Link":
                for mcid in _enfants(kid):
                    if isinstance(mcid, int | pikepdf.Object) and not isinstance(mcid, Dictionary):
                        page = kid.get("/Pg")
                        cle = page.get("/StructParents") if page is not None else None
                        if cle is not None and int(cle) in tableaux:
                            tableaux[int(cle)][int(mcid)] = lien
                pile.extend(reversed(_enfants(kid)))
                continue
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                annotation = kid.Obj
                if "/StructParent" in annotation:
                    _reparenter_annotation(pdf, int(annotation.StructParent), lien)
            a_plat.append(kid)
        lien.K = Array(a_plat)


def _reparenter_annotation(pdf: Pdf, cle: int, lien: Object) -> None:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for i in range(0, len(nums), 2):
        if int(nums[i]) == cle:
            nums[i + 1] = lien
            return


def corriger(contenu: bytes, *, intitules: dict[str, str] | None = None) -> bytes:
    """Le PDF WeasyPrint corrigé (artefacts, IDTree et Scope, liens à plat et décrits), prêt à archiver."""
    with Pdf.open(io.BytesIO(contenu)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return contenu
        _marges_en_artefacts(pdf)
        _tableaux_rejoints(pdf)
        _liens_a_plat(pdf)
        _tableaux(pdf)
        _descriptions(pdf, intitules or {})
        sortie = io.BytesIO()
        # Les éléments orphelins, détachés de l'arbre parent, ne sont plus écrits (qpdf n'écrit que l'atteignable).
        pdf.save(sortie, deterministic_id=False)
        return sortie.getvalue()
