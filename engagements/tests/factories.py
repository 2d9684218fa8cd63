import datetime

import factory

from organisation.tests.factories import SiteFactory

from ..models import (
    Autodiagnostic,
    CycleLabel,
    EcheanceCycle,
    Engagement,
    EvenementLabel,
    Module,
    Niveau,
    Perimetre,
    Preuve,
    Referentiel,
    Rubrique,
    TypeEcheance,
)

PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ReferentielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referentiel

    code = factory.Sequence(lambda n: f"referentiel-{n}")
    titre = factory.Sequence(lambda n: f"Référentiel {n}")
    version = "1"

    class Params:
        qual_e_pref = factory.Trait(regle_perimetre=Referentiel.Regle.QUAL_E_PREF)
        quali_ate = factory.Trait(regle_perimetre=Referentiel.Regle.QUALI_ATE)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    referentiel = factory.SubFactory(ReferentielFactory)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Module de test {n}")
    type = Module.Type.OPTIONNEL


class RubriqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubrique

    module = factory.SubFactory(ModuleFactory)
    titre = factory.Sequence(lambda n: f"Rubrique {n}")


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    module = factory.SubFactory(ModuleFactory)
    referentiel = factory.LazyAttribute(lambda e: e.module.referentiel if e.module else ReferentielFactory())
    numero = factory.Sequence(lambda n: n + 1)
    libelle = factory.Sequence(lambda n: f"Engagement de test {n}")

    @factory.post_generation
    def services_concernes(self, create, services, **kwargs):
        if create and services:
            self.services_concernes.set(services)


class CycleLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleLabel

    site = factory.SubFactory(SiteFactory)
    referentiel = factory.SubFactory(ReferentielFactory)
    date_obtention = datetime.date(2019, 12, 18)
    organisme = "Organisme certificateur (test)"


class PerimetreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Perimetre
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleLabelFactory)
    date = datetime.date(2019, 2, 4)

    @factory.post_generation
    def modules(self, create, modules, **kwargs):
        if create and modules:
            self.modules.set(modules)


class EcheanceCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EcheanceCycle

    cycle = factory.SubFactory(CycleLabelFactory)
    type = TypeEcheance.SUIVI
    date_prevue = datetime.date(2021, 6, 18)


class EvenementLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementLabel

    site = factory.SubFactory(SiteFactory)
    date = datetime.date(2015, 12, 22)
    libelle = factory.Sequence(lambda n: f"Événement {n}")


class AutodiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Autodiagnostic

    engagement = factory.SubFactory(EngagementFactory)
    date = datetime.date(2023, 3, 1)
    niveau = Niveau.CONFORME


class PreuveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preuve

    engagement = factory.SubFactory(EngagementFactory)
    titre = factory.Sequence(lambda n: f"Preuve {n}")
    fichier = factory.django.FileField(filename="preuve.pdf", data=PDF_MINIMAL)
    date = datetime.date(2023, 3, 1)

    class Params:
        en_lien = factory.Trait(fichier="", lien="https://www.haute-savoie.gouv.fr/")
