import io

import factory
from django.core.files.base import ContentFile
from pptx import Presentation

from bilan.models import (
    DemandeBilan,
    DemandePresentation,
    Edition,
    FormatPresentation,
    MasquePresentation,
    Narratif,
)
from bilan.presentation.contenu import CLES


class NarratifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Narratif
        django_get_or_create = ("annee",)

    annee = 2023
    introduction = "Introduction du bilan de test."
    faits_marquants = "Faits marquants de test."
    perennisation = "Pérennisation de test."
    perspectives = "Perspectives de test."


class DemandeBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandeBilan

    annee = 2023
    edition = Edition.COPIL
    statut = DemandeBilan.Statut.EN_ATTENTE

    class Params:
        clu = factory.Trait(edition=Edition.CLU)
        termine = factory.Trait(
            statut=DemandeBilan.Statut.TERMINE,
            fichier=factory.LazyAttribute(
                lambda o: ContentFile(b"%PDF-1.7 bilan de test", name=f"bilan-{o.annee}-{o.edition}.pdf")
            ),
            taille=22,
            nb_pages=1,
        )


def masque_pptx(*, largeur: int = 9144000, hauteur: int = 6858000, exemple: bool = True) -> bytes:
    """Un masque PowerPoint « de préfecture » : le modèle par défaut de python-pptx (4:3), avec une diapositive
    d'exemple qui ne doit pas être reprise."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = largeur, hauteur
    if exemple:
        diapo = deck.slides.add_slide(deck.slide_layouts[0])
        diapo.shapes.title.text = "Diapositive d'exemple du masque"
    sortie = io.BytesIO()
    deck.save(sortie)
    return sortie.getvalue()


class MasquePresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MasquePresentation

    nom = "masque-prefecture.pptx"
    fichier = factory.LazyFunction(lambda: ContentFile(masque_pptx(), name="masque-prefecture.pptx"))


class DemandePresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandePresentation

    annee = 2023
    edition = Edition.COPIL
    format = FormatPresentation.PPTX
    diapositives = factory.LazyFunction(lambda: list(CLES))
    statut = DemandePresentation.Statut.EN_ATTENTE

    class Params:
        clu = factory.Trait(edition=Edition.CLU)
        pdf = factory.Trait(format=FormatPresentation.PDF)
        termine = factory.Trait(
            statut=DemandePresentation.Statut.TERMINE,
            fichier=factory.LazyAttribute(
                lambda o: ContentFile(b"PK diaporama de test", name=f"diaporama-{o.annee}-{o.edition}.{o.format}")
            ),
            taille=20,
            nb_diapositives=1,
        )
