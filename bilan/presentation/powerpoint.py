"""Le diaporama en PPTX (python-pptx) : 16:9, graphiques et tableaux natifs, notes de l'orateur.

Deux masques : le masque intégré, aux couleurs de la charte de l'État (Marianne, bloc-marque, bleu France et
rouge Marianne, posés une fois sur le masque des diapositives), ou le masque `.pptx` de la préfecture, dont
les dispositions (« Titre seul », « Diapositive de titre ») et la taille de page sont reprises telles quelles.
Les graphiques sont des objets graphiques natifs : leurs données sont incluses (classeur intégré), PowerPoint
et LibreOffice Impress les modifient.
"""

import io
from pathlib import Path

from django.contrib.staticfiles import finders
from pptx import Presentation as OuvrirPptx
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationPptx
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Inches, Pt

from qualite import graphiques

from .contenu import Diapositive, Presentation, Tableau

BLEU_FRANCE = RGBColor(0x00, 0x00, 0x91)
ROUGE_MARIANNE = RGBColor(0xE1, 0x00, 0x0F)
GRIS = RGBColor(0x3A, 0x3A, 0x3A)
GRIS_CLAIR = RGBColor(0xEE, 0xEE, 0xEE)
BLANC = RGBColor(0xFF, 0xFF, 0xFF)
POLICE = "Marianne"
LARGEUR = Emu(12192000)  # 13,333 pouces : le 16:9 de PowerPoint
HAUTEUR = Inches(7.5)
MARGE = Inches(0.5)
MARIANNE = "dsfr/dist/favicon/android-chrome-192x192.png"


def _couleur(hexa: str) -> RGBColor:
    return RGBColor.from_string(hexa.lstrip("#").upper())


def _texte(cadre, lignes: list[str], *, taille: int, gras: bool = False, couleur: RGBColor = GRIS, puces=False):
    cadre.word_wrap = True
    for index, ligne in enumerate(lignes):
        paragraphe = cadre.paragraphs[0] if index == 0 else cadre.add_paragraph()
        paragraphe.text = ("• " if puces else "") + ligne
        paragraphe.space_after = Pt(6)
        for run in paragraphe.runs:
            run.font.size = Pt(taille)
            run.font.bold = gras
            run.font.name = POLICE
            run.font.color.rgb = couleur


def _zone_texte(shapes, x, y, lg, h, lignes, **options):
    boite = shapes.add_textbox(x, y, lg, h)
    _texte(boite.text_frame, lignes, **options)
    return boite


def _masque_integre(deck: PresentationPptx, bloc_marque: tuple[str, ...]) -> None:
    """Le masque aux couleurs de l'État : Marianne, « République française », le bloc-marque, filet bleu France."""
    ancienne = deck.slide_width or LARGEUR
    deck.slide_width, deck.slide_height = LARGEUR, HAUTEUR
    masque = deck.slide_master
    # Le modèle de départ est en 4:3 : ses espaces réservés (masque et dispositions) sont élargis au 16:9, pour
    # qu'une diapositive ajoutée dans PowerPoint ou Impress tombe juste.
    for espace in [*masque.placeholders, *(p for d in masque.slide_layouts for p in d.placeholders)]:
        # Seuls ceux qui ont leur propre position : les autres la tiennent du masque (déjà élargi).
        if espace._element.xfrm is not None and espace.left is not None and espace.width is not None:
            espace.left = Emu(int(espace.left * LARGEUR / ancienne))
            espace.width = Emu(int(espace.width * LARGEUR / ancienne))
    # Les formes posées sur le masque apparaissent sur chaque diapositive, sans y être modifiables par erreur.
    formes = SlideShapes(masque.shapes._spTree, masque)
    image = finders.find(MARIANNE)
    if image:
        formes.add_picture(image, Inches(0.35), Inches(0.2), height=Inches(0.5))
    lignes = ["RÉPUBLIQUE", "FRANÇAISE", *[ligne.upper() for ligne in bloc_marque]]
    boite = formes.add_textbox(Inches(0.9), Inches(0.12), Inches(2.6), Inches(0.9))
    _texte(boite.text_frame, lignes[:2], taille=8, gras=True, couleur=RGBColor(0, 0, 0))
    if len(lignes) > 2:
        _texte_suite(boite.text_frame, lignes[2:])
    filet = formes.add_shape(MSO_SHAPE.RECTANGLE, 0, HAUTEUR - Inches(0.12), LARGEUR, Inches(0.12))
    filet.fill.solid()
    filet.fill.fore_color.rgb = BLEU_FRANCE
    filet.line.fill.background()
    rouge = formes.add_shape(MSO_SHAPE.RECTANGLE, 0, HAUTEUR - Inches(0.12), Inches(1.2), Inches(0.12))
    rouge.fill.solid()
    rouge.fill.fore_color.rgb = ROUGE_MARIANNE
    rouge.line.fill.background()


def _texte_suite(cadre, lignes: list[str]) -> None:
    for ligne in lignes:
        paragraphe = cadre.add_paragraph()
        paragraphe.text = ligne
        for run in paragraphe.runs:
            run.font.size = Pt(7)
            run.font.name = POLICE
            run.font.color.rgb = GRIS


def _disposition(deck: PresentationPptx, *, couverture: bool) -> SlideLayout:
    """« Diapositive de titre » pour la couverture ; sinon la disposition à titre seul (la moins remplie)."""
    dispositions = list(deck.slide_layouts)
    if couverture:
        return dispositions[0]
    avec_titre = [
        d
        for d in dispositions
        if any(p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) for p in d.placeholders)
    ]
    return min(avec_titre or dispositions, key=lambda d: len(d.placeholders))


def _vider(deck: PresentationPptx) -> None:
    """Retire les diapositives d'exemple d'un masque téléversé (on n'en garde que le masque et ses dispositions)."""
    liste = deck.slides._sldIdLst
    for identifiant in list(liste):
        deck.part.drop_rel(identifiant.rId)
        liste.remove(identifiant)


def _retirer_espaces_vides(diapo: Slide) -> None:
    for espace in list(diapo.placeholders):
        titre = espace.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        if not titre and (not espace.has_text_frame or not espace.text_frame.text):
            espace._element.getparent().remove(espace._element)


def _titre(diapo: Slide, texte: str, *, integre: bool, taille: int = 28) -> Emu:
    """Écrit le titre (espace réservé de la disposition, lu comme titre par les lecteurs d'écran) ; renvoie le bas."""
    titre = diapo.shapes.title
    if titre is None:
        boite = _zone_texte(diapo.shapes, MARGE, Inches(1.0), LARGEUR - 2 * MARGE, Inches(0.8), [texte], taille=taille)
        return Emu(boite.top + boite.height)
    if integre:
        titre.left, titre.top, titre.width, titre.height = MARGE, Inches(1.0), LARGEUR - 2 * MARGE, Inches(0.75)
    titre.text_frame.text = texte
    titre.text_frame.word_wrap = True
    paragraphe = titre.text_frame.paragraphs[0]
    if integre:
        paragraphe.alignment = PP_ALIGN.LEFT
        titre.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        for run in paragraphe.runs:
            run.font.size = Pt(taille)
            run.font.bold = True
            run.font.name = POLICE
            run.font.color.rgb = BLEU_FRANCE
    return Emu(titre.top + titre.height)


def _tableau(shapes, tableau: Tableau, x, y, lg, h) -> None:
    nb_lignes = len(tableau.lignes) + 1
    nb_colonnes = len(tableau.entetes)
    longueur = max((len(" ".join(ligne)) for ligne in tableau.lignes), default=0)
    taille = 14 if nb_lignes <= 6 and longueur < 120 else 12 if nb_lignes <= 9 else 10
    if longueur > 300:
        taille = min(taille, 10)
    hauteur = min(h, Emu(int(Pt(taille * 2.2)) * nb_lignes))
    cadre = shapes.add_table(nb_lignes, nb_colonnes, x, y, lg, hauteur)
    cadre.name = tableau.titre
    cadre._element.nvGraphicFramePr.cNvPr.set("descr", tableau.titre)
    grille = cadre.table
    poids = tableau.largeurs or [1.0] * nb_colonnes
    total = sum(poids)
    for index, colonne in enumerate(grille.columns):
        colonne.width = Emu(int(lg * poids[index] / total))
    for rang, ligne in enumerate([tableau.entetes, *tableau.lignes]):
        for index, valeur in enumerate(ligne):
            cellule = grille.cell(rang, index)
            cellule.text = valeur
            cellule.margin_top = cellule.margin_bottom = Pt(2)
            for paragraphe in cellule.text_frame.paragraphs:
                for run in paragraphe.runs:
                    run.font.size = Pt(taille)
                    run.font.name = POLICE
                    run.font.bold = rang == 0
                    run.font.color.rgb = BLANC if rang == 0 else GRIS
            cellule.fill.solid()
            cellule.fill.fore_color.rgb = BLEU_FRANCE if rang == 0 else (GRIS_CLAIR if rang % 2 == 0 else BLANC)


def _graphique(shapes, graphique: graphiques.Graphique, x, y, lg, h) -> None:
    donnees = CategoryChartData(number_format="#,##0.##")
    donnees.categories = graphique.categories
    for serie in graphique.series:
        donnees.add_series(serie.libelle, [float(v) if v is not None else None for v in serie.valeurs])
    cadre = shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, x, y, lg, h, donnees)
    cadre.name = graphique.titre
    # Texte de remplacement : la description du graphique (ses valeurs sont aussi dans ses données).
    cadre._element.nvGraphicFramePr.cNvPr.set("descr", graphique.description)
    chart = cadre.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = graphique.titre + (
        f" ({graphique.libelle_cible})" if graphique.libelle_cible else ""
    )
    for run in chart.chart_title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(12)
        run.font.name = POLICE
    chart.has_legend = len(graphique.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.font.size = Pt(10)
    chart.font.name = POLICE
    for index, serie in enumerate(chart.plots[0].series):
        serie.format.fill.solid()
        serie.format.fill.fore_color.rgb = _couleur(graphiques.COULEURS[index % len(graphiques.COULEURS)])


def _chiffres(shapes, chiffres: list[tuple[str, str]], x, y, lg) -> Emu:
    hauteur = Inches(1.05)
    ecart = Inches(0.2)
    largeur = Emu(int((lg - ecart * (len(chiffres) - 1)) / len(chiffres)))
    for index, (libelle, valeur) in enumerate(chiffres):
        gauche = Emu(x + index * (largeur + ecart))
        boite = shapes.add_shape(MSO_SHAPE.RECTANGLE, gauche, y, largeur, hauteur)
        boite.fill.solid()
        boite.fill.fore_color.rgb = GRIS_CLAIR
        boite.line.color.rgb = BLEU_FRANCE
        cadre = boite.text_frame
        cadre.word_wrap = True
        cadre.vertical_anchor = MSO_ANCHOR.MIDDLE
        _texte(cadre, [valeur], taille=20 if len(valeur) < 18 else 14, gras=True, couleur=BLEU_FRANCE)
        paragraphe = cadre.add_paragraph()
        paragraphe.text = libelle
        for run in paragraphe.runs:
            run.font.size = Pt(11)
            run.font.name = POLICE
            run.font.color.rgb = GRIS
        for p in cadre.paragraphs:
            p.alignment = PP_ALIGN.CENTER
    return Emu(y + hauteur)


def _couverture(diapo: Slide, d: Diapositive, *, integre: bool, genere: str) -> None:
    titre = diapo.shapes.title
    if titre is not None:
        if integre:
            titre.left, titre.top, titre.width, titre.height = MARGE, Inches(2.4), LARGEUR - 2 * MARGE, Inches(1.4)
        titre.text_frame.text = d.titre
        if integre:
            for run in titre.text_frame.paragraphs[0].runs:
                run.font.size, run.font.bold, run.font.name = Pt(40), True, POLICE
                run.font.color.rgb = BLEU_FRANCE
    sous_titre = next((p for p in diapo.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
    lignes = [d.sous_titre, genere]
    if sous_titre is not None:
        if integre:
            sous_titre.left, sous_titre.top = MARGE, Inches(4.0)
            sous_titre.width, sous_titre.height = LARGEUR - 2 * MARGE, Inches(1.2)
        _texte(sous_titre.text_frame, lignes, taille=20)
        if integre:
            for p in sous_titre.text_frame.paragraphs:
                p.alignment = PP_ALIGN.LEFT
    else:
        _zone_texte(diapo.shapes, MARGE, Inches(4.0), LARGEUR - 2 * MARGE, Inches(1.2), lignes, taille=20)


def _corps(diapo: Slide, d: Diapositive, haut: Emu, largeur: Emu, hauteur: Emu) -> None:
    shapes = diapo.shapes
    x, lg = MARGE, Emu(largeur - 2 * MARGE)
    y = haut
    bas = Emu(hauteur - Inches(0.4))
    if d.sous_titre:
        _zone_texte(shapes, x, y, lg, Inches(0.4), [d.sous_titre], taille=14)
        y = Emu(y + Inches(0.45))
    if d.chiffres:
        y = Emu(_chiffres(shapes, d.chiffres, x, y, lg) + Inches(0.2))
    lignes_texte = d.paragraphes + d.puces
    visuels = [v for v in (d.tableau, d.graphique) if v is not None]
    if lignes_texte:
        if visuels:
            hauteur_texte = Emu(min(int(Inches(0.42)) * len(lignes_texte), int((bas - y) * 0.45)))
        else:
            hauteur_texte = Emu(bas - y)
        taille = 18 if sum(len(t) for t in lignes_texte) < 500 else 14
        if visuels:
            taille = 14
        boite = shapes.add_textbox(x, y, lg, hauteur_texte)
        _texte(boite.text_frame, d.paragraphes, taille=taille)
        if d.puces:
            if d.paragraphes:
                for ligne in d.puces:
                    paragraphe = boite.text_frame.add_paragraph()
                    paragraphe.text = "• " + ligne
                    for run in paragraphe.runs:
                        run.font.size, run.font.name, run.font.color.rgb = Pt(taille), POLICE, GRIS
            else:
                _texte(boite.text_frame, d.puces, taille=taille, puces=True)
        y = Emu(y + hauteur_texte + Inches(0.1))
    reste = Emu(bas - y)
    if d.tableau is not None and d.graphique is not None:
        gauche = Emu(int(lg * 0.38))
        _tableau(shapes, d.tableau, x, y, gauche, reste)
        _graphique(shapes, d.graphique, Emu(x + gauche + Inches(0.3)), y, Emu(lg - gauche - Inches(0.3)), reste)
    elif d.tableau is not None:
        _tableau(shapes, d.tableau, x, y, lg, reste)
    elif d.graphique is not None:
        _graphique(shapes, d.graphique, x, y, lg, reste)


def rendre_pptx(presentation: Presentation, *, masque: Path | None = None, genere: str = "") -> bytes:
    """Le fichier PPTX du diaporama, sur le masque intégré (`masque` vide) ou sur celui de la préfecture."""
    integre = masque is None
    deck = OuvrirPptx(str(masque)) if masque else OuvrirPptx()
    if integre:
        _masque_integre(deck, presentation.bloc_marque)
    else:
        _vider(deck)
    largeur, hauteur = Emu(deck.slide_width or LARGEUR), Emu(deck.slide_height or HAUTEUR)
    deck.core_properties.title = f"{presentation.titre} — {presentation.sous_titre}"
    deck.core_properties.language = "fr-FR"
    deck.core_properties.author = presentation.auteur
    deck.core_properties.subject = "Diaporama du comité"
    for d in presentation.diapositives:
        diapo = deck.slides.add_slide(_disposition(deck, couverture=d.couverture))
        if d.couverture:
            _couverture(diapo, d, integre=integre, genere=genere)
        else:
            bas_titre = _titre(diapo, d.titre, integre=integre)
            _corps(diapo, d, Emu(bas_titre + Inches(0.1)), largeur, hauteur)
        _retirer_espaces_vides(diapo)
        if d.notes:
            diapo.notes_slide.notes_text_frame.text = d.notes
    sortie = io.BytesIO()
    deck.save(sortie)
    return sortie.getvalue()
