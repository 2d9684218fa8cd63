import datetime
from decimal import Decimal

import factory

from enquetes.models import (
    Canal,
    CanalSollicitation,
    EnqueteMystere,
    EnqueteSatisfaction,
    MentionLitterale,
    ObjetSollicitation,
    ResultatCritere,
    Sollicitation,
    TypeSollicitation,
)


class EnqueteSatisfactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnqueteSatisfaction
        django_get_or_create = ("annee",)

    annee = 2023


class ResultatCritereFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultatCritere

    enquete = factory.SubFactory(EnqueteSatisfactionFactory)
    theme = "Agents"
    critere = factory.Sequence(lambda n: f"Critère {n}")
    ordre = factory.Sequence(lambda n: n)
    taux = Decimal("90")


class MentionLitteraleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentionLitterale

    enquete = factory.SubFactory(EnqueteSatisfactionFactory)
    categorie = factory.Sequence(lambda n: f"Tendance {n}")
    nombre = 1
    ordre = factory.Sequence(lambda n: n)


class EnqueteMystereFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnqueteMystere

    annee = 2023
    intitule = factory.Sequence(lambda n: f"Enquête mystère {n}")
    canal = Canal.TELEPHONE
    taux_positifs = Decimal("90")


class SollicitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sollicitation

    type = TypeSollicitation.RECLAMATION
    recue_le = datetime.date(2023, 10, 2)
    canal = CanalSollicitation.COURRIEL
    objet = ObjetSollicitation.RENDEZ_VOUS
    resume = factory.Sequence(lambda n: f"Réclamation de test {n}")
    reponse = factory.LazyAttribute(lambda s: "Réponse apportée" if s.repondue_le else "")

    class Params:
        delai = None

    @factory.lazy_attribute
    def repondue_le(self):
        if self.delai is None:
            return None
        return self.recue_le + datetime.timedelta(days=self.delai)
