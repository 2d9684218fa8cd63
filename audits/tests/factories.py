import datetime

import factory

from audits.models import Audit, Constat, Nature, Portee, TypeAudit
from engagements.models import CycleLabel, Engagement, Module, Perimetre, Referentiel
from organisation.tests.factories import SiteFactory


class ReferentielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referentiel
        django_get_or_create = ("code", "version")

    code = "qual-e-pref"
    version = ""
    titre = "Qual-e-Pref"
    regle_perimetre = Referentiel.Regle.QUAL_E_PREF


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module
        django_get_or_create = ("referentiel", "numero")

    referentiel = factory.SubFactory(ReferentielFactory)
    numero = 1
    titre = factory.LazyAttribute(lambda m: f"Module de test {m.numero}")
    type = Module.Type.OPTIONNEL


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        django_get_or_create = ("referentiel", "module", "numero")

    module = factory.SubFactory(ModuleFactory)
    referentiel = factory.SelfAttribute("module.referentiel")
    numero = 1
    libelle = "Engagement de test"


class CycleLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleLabel

    site = factory.SubFactory(SiteFactory)
    referentiel = factory.SubFactory(ReferentielFactory)
    date_obtention = datetime.date(2019, 12, 18)


class PerimetreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Perimetre
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleLabelFactory)

    @factory.post_generation
    def modules(self, create, modules, **kwargs):
        """Par défaut, les modules 1 et 7 du référentiel du cycle."""
        if not create:
            return
        if modules is None:
            modules = [ModuleFactory(referentiel=self.cycle.referentiel, numero=n) for n in (1, 7)]
        self.modules.set(modules)


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    type = TypeAudit.RENOUVELLEMENT
    date_debut = datetime.date(2023, 1, 16)
    perimetre = factory.SubFactory(PerimetreFactory)
    site = factory.SelfAttribute("perimetre.cycle.site")
    referentiel = factory.SelfAttribute("perimetre.cycle.referentiel")
    organisme = "Organisme de test"


class ConstatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constat

    audit = factory.SubFactory(AuditFactory)
    numero = factory.Sequence(lambda n: n + 1)
    portee = Portee.MODULE
    module = factory.LazyAttribute(lambda c: ModuleFactory(referentiel=c.audit.referentiel, numero=1))
    nature = Nature.POINT_SENSIBLE
    texte = factory.Sequence(lambda n: f"Constat de test {n}")

    class Params:
        pilotage = factory.Trait(portee=Portee.PILOTAGE, module=None)
        point_fort = factory.Trait(nature=Nature.POINT_FORT)
        piste = factory.Trait(nature=Nature.PISTE_PROGRES)
