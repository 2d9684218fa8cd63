import datetime

import factory

from audits.models import Audit, Constat, Nature, Portee, TypeAudit
from engagements.tests.factories import ModuleFactory, PerimetreFactory


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    type = TypeAudit.RENOUVELLEMENT
    date_debut = datetime.date(2023, 1, 16)
    # Le périmètre de la démonstration : modules 1 et 7 du référentiel Qual-e-Pref commun.
    perimetre = factory.SubFactory(PerimetreFactory, modules_1_et_7=True)
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
