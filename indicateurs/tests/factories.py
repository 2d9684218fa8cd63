from decimal import Decimal

import factory

from indicateurs.models import AlerteIndicateur, Indicateur, Mesure, Periodicite, Sens, TypeCalcul


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
