import datetime
from decimal import Decimal

import factory

from engagements.models import Engagement, Referentiel
from indicateurs.models import (
    AlerteIndicateur,
    Canal,
    CanalSollicitation,
    EnqueteMystere,
    EnqueteSatisfaction,
    Indicateur,
    MentionLitterale,
    Mesure,
    ObjetSollicitation,
    Periodicite,
    ResultatCritere,
    Sens,
    Sollicitation,
    TypeCalcul,
    TypeSollicitation,
)


class ReferentielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referentiel
        django_get_or_create = ("code", "version")

    code = "qual-e-pref"
    titre = "Qual-e-Pref"
    version = "2018"


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    referentiel = factory.SubFactory(ReferentielFactory)
    numero = factory.Sequence(lambda n: n + 1)
    libelle = factory.Sequence(lambda n: f"Engagement de test {n}")


class IndicateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicateur
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicateur_{n}")
    libelle = factory.Sequence(lambda n: f"Taux de test {n}")
    type_calcul = TypeCalcul.RATIO
    unite = "%"
    sens = Sens.MAX
    cible = Decimal("10")
    periodicite = Periodicite.MENSUELLE

    class Params:
        delai = factory.Trait(type_calcul=TypeCalcul.DELAI_MOYEN, unite="jours", cible=Decimal("5"))
        nombre = factory.Trait(type_calcul=TypeCalcul.NOMBRE, unite="usagers", sens="", cible=None)
        annuel = factory.Trait(type_calcul=TypeCalcul.VALEUR, periodicite=Periodicite.ANNUELLE, sens=Sens.MIN)


class MesureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mesure

    indicateur = factory.SubFactory(IndicateurFactory)
    annee = 2023
    mois = 1
    numerateur = Decimal("8")
    denominateur = Decimal("100")


class AlerteIndicateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlerteIndicateur

    indicateur = factory.SubFactory(IndicateurFactory)
    annee = 2023
    valeur = Decimal("12")


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
