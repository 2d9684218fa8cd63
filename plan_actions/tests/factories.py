import datetime

import factory

from organisation.tests.factories import ServiceFactory
from plan_actions.models import Action, Commentaire, Statut


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"2023-{n + 1:03d}")
    intitule = factory.Sequence(lambda n: f"Action de test {n}")
    service_pilote = factory.SubFactory(ServiceFactory)
    statut = Statut.EN_COURS
    echeance = datetime.date(2030, 6, 30)

    class Params:
        en_retard = factory.Trait(echeance=datetime.date(2020, 1, 1))
        realisee = factory.Trait(statut=Statut.REALISEE, avancement=100, date_realisation=datetime.date(2023, 5, 1))

    @factory.post_generation
    def responsables(self, create, responsables, **kwargs):
        if create and responsables:
            self.responsables.set(responsables)

    @factory.post_generation
    def modules(self, create, modules, **kwargs):
        if create and modules:
            self.modules.set(modules)

    @factory.post_generation
    def engagements(self, create, engagements, **kwargs):
        if create and engagements:
            self.engagements.set(engagements)


class CommentaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commentaire

    action = factory.SubFactory(ActionFactory)
    texte = "Point d'étape"
