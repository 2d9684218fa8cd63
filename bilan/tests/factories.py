import factory
from django.core.files.base import ContentFile

from bilan.models import DemandeBilan, Edition, Narratif


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
