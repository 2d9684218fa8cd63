import datetime

import factory

from organisation.tests.factories import SiteFactory

from ..models import (
    Autodiagnostic,
    Correspondance,
    CycleLabel,
    EcheanceCycle,
    Engagement,
    EvenementLabel,
    MigrationReferentiel,
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
    """Un référentiel neuf ; `commun=True` : le référentiel Qual-e-Pref du test, retrouvé par son code et sa
    version (un seul par test), auquel appartiennent par défaut les modules et les cycles."""

    class Meta:
        model = Referentiel
        django_get_or_create = ("code", "version")

    code = factory.Sequence(lambda n: f"referentiel-{n}")
    titre = factory.Sequence(lambda n: f"Référentiel {n}")
    version = "1"

    class Params:
        qual_e_pref = factory.Trait(regle_perimetre=Referentiel.Regle.QUAL_E_PREF)
        quali_ate = factory.Trait(regle_perimetre=Referentiel.Regle.QUALI_ATE)
        commun = factory.Trait(
            code="qual-e-pref", titre="Qual-e-Pref", version="", regle_perimetre=Referentiel.Regle.QUAL_E_PREF
        )


class ModuleFactory(factory.django.DjangoModelFactory):
    """Un module du référentiel commun ; retrouvé s'il existe déjà (même référentiel, même numéro)."""

    class Meta:
        model = Module
        django_get_or_create = ("referentiel", "numero")

    referentiel = factory.SubFactory(ReferentielFactory, commun=True)
    numero = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Module de test {n}")
    type = Module.Type.OPTIONNEL


class RubriqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubrique

    module = factory.SubFactory(ModuleFactory)
    titre = factory.Sequence(lambda n: f"Rubrique {n}")


class EngagementFactory(factory.django.DjangoModelFactory):
    """Un engagement d'un module (neuf par défaut) ; retrouvé s'il existe déjà (même module, même numéro)."""

    class Meta:
        model = Engagement
        django_get_or_create = ("referentiel", "module", "numero")
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
    referentiel = factory.SubFactory(ReferentielFactory, commun=True)
    date_obtention = datetime.date(2019, 12, 18)
    organisme = "Organisme certificateur (test)"


class PerimetreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Perimetre
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleLabelFactory)
    date = datetime.date(2019, 2, 4)

    class Params:
        # Les modules 1 et 7 du référentiel du cycle (créés s'ils manquent), comme le périmètre de la démonstration.
        modules_1_et_7 = factory.Trait(modules__numeros=(1, 7))

    @factory.post_generation
    def modules(self, create, modules, numeros=(), **kwargs):
        """Les modules donnés (`modules=[…]`), ou ceux de ces numéros (`modules__numeros=(1, 7)`)."""
        if not create:
            return
        if modules is None and numeros:
            modules = [ModuleFactory(referentiel=self.cycle.referentiel, numero=numero) for numero in numeros]
        if modules:
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
        en_lien = factory.Trait(fichier="", lien="https://www.jura.gouv.fr/")


class CorrespondanceFactory(factory.django.DjangoModelFactory):
    """Ancien engagement → nouveau ; `nouveau=None` avec `vers=…` : retiré, sans successeur."""

    class Meta:
        model = Correspondance

    ancien = factory.SubFactory(EngagementFactory)
    nouveau = factory.SubFactory(
        EngagementFactory, module__referentiel=factory.SubFactory(ReferentielFactory, quali_ate=True)
    )
    depuis = factory.LazyAttribute(lambda c: c.ancien.referentiel)
    vers = factory.LazyAttribute(lambda c: c.nouveau.referentiel)


class MigrationReferentielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MigrationReferentiel

    depuis = factory.SubFactory(ReferentielFactory)
    vers = factory.SubFactory(ReferentielFactory)
    date = datetime.date(2024, 7, 1)
