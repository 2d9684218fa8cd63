"""Contrôles RGAA d'une page HTML qu'axe-core ne fait pas (ou pas tous), lus dans le code rendu.

- 8.2 : aucun paragraphe ne contient un autre paragraphe ni un bloc (le navigateur le fermerait avant) ;
  chaque `aria-describedby` / `aria-labelledby` désigne des id présents dans la page ; aucun id en double ;
- 1.9 : chaque `<figure>` a `role="figure"` et un nom (`aria-label` ou `aria-labelledby` vers sa légende) ;
- 11.10 : chaque champ signalé en erreur (`aria-invalid`, classes d'erreur DSFR) est désigné par un lien du
  résumé des erreurs (`role="alert"`, `<a href="#id">`).

    from tests_outils.html_rgaa import defauts
    assert defauts(reponse.content.decode()) == []

Employé par la matrice des permissions sur chaque page de chaque rôle (exploitation/tests/test_matrice_permissions.py).
"""

from html.parser import HTMLParser

BLOCS = {
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p",
    "pre", "section", "table", "ul",
}  # fmt: skip
VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Lecteur(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pile: list[str] = []
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []  # (attribut, id désigné, balise)
        self.defauts: list[str] = []
        self.figures: list[dict] = []
        self.en_erreur: list[str] = []
        self.liens_d_alerte: set[str] = set()
        self._alertes = 0  # profondeur dans un bloc role="alert"

    def handle_starttag(self, tag, attrs):
        attributs = {nom: valeur or "" for nom, valeur in attrs}
        if tag in BLOCS and "p" in self.pile:
            self.defauts.append(f"8.2 : <{tag}> dans un paragraphe")
        if attributs.get("id"):
            self.ids.append(attributs["id"])
        for nom in ("aria-describedby", "aria-labelledby"):
            for ident in attributs.get(nom, "").split():
                self.references.append((nom, ident, tag))
        if tag == "figure":
            self.figures.append(attributs)
        classes = attributs.get("class", "").split()
        signale = attributs.get("aria-invalid") == "true" or {"fr-input--error", "fr-select--error"} & set(classes)
        if tag in ("input", "select", "textarea") and attributs.get("type") != "hidden" and signale:
            self.en_erreur.append(attributs.get("id", ""))
        if tag == "a" and self._alertes and attributs.get("href", "").startswith("#"):
            self.liens_d_alerte.add(attributs["href"][1:])
        if tag in VIDES:
            return
        if attributs.get("role") == "alert" or self._alertes:
            self._alertes += 1
        self.pile.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VIDES or tag not in self.pile:
            return
        while self.pile:
            ouvert = self.pile.pop()
            if self._alertes:
                self._alertes -= 1
            if ouvert == tag:
                break


def defauts(html: str) -> list[str]:
    """Les défauts RGAA trouvés dans le code de la page, en français ; [] si aucun."""
    lecteur = _Lecteur()
    lecteur.feed(html)
    lecteur.close()
    resultat = list(dict.fromkeys(lecteur.defauts))
    presents = set(lecteur.ids)
    doublons = sorted({ident for ident in lecteur.ids if lecteur.ids.count(ident) > 1})
    if doublons:
        resultat.append(f"8.2 : id en double {doublons}")
    for attribut, ident, tag in lecteur.references:
        if ident not in presents:
            resultat.append(f"8.2 : {attribut} de <{tag}> vers l'id absent « {ident} »")
    for figure in lecteur.figures:
        nomme = figure.get("aria-label") or any(i in presents for i in figure.get("aria-labelledby", "").split())
        if figure.get("role") != "figure" or not nomme:
            resultat.append("1.9 : <figure> sans role=figure ni nom relié à sa légende")
    for ident in lecteur.en_erreur:
        if ident not in lecteur.liens_d_alerte:
            resultat.append(f"11.10 : le champ en erreur « {ident} » n'est pas relié au résumé des erreurs")
    return list(dict.fromkeys(resultat))
