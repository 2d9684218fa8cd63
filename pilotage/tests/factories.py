import datetime

import factory

from organisation.tests.factories import SiteFactory, UtilisateurFactory
from pilotage.models import (
    Decision,
    Instance,
    JetonAgenda,
    Participation,
    Presence,
    PublicationTrimestrielle,
    TypeInstance,
)


class InstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instance

    type = TypeInstance.COPIL
    date = factory.Sequence(lambda n: datetime.date(2023, 1, 1) + datetime.timedelta(days=n))
    ordre_du_jour = "Revue du plan d'actions"

    class Params:
        avec_compte_rendu = factory.Trait(compte_rendu="Le COPIL a examiné le plan d'actions.", statut="tenue")
        clu = factory.Trait(type=TypeInstance.CLU)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    instance = factory.SubFactory(InstanceFactory)
    utilisateur = factory.SubFactory(UtilisateurFactory)
    presence = Presence.PRESENT

    class Params:
        externe = factory.Trait(
            utilisateur=None,
            nom=factory.Sequence(lambda n: f"Usager {n}"),
            courriel=factory.Sequence(lambda n: f"usager{n}@exemple.fr"),
        )


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    instance = factory.SubFactory(InstanceFactory)
    texte = "Refondre la page d'accueil du site internet"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationTrimestrielle
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    annee = 2023
    trimestre = 3

    class Params:
        validee = factory.Trait(
            validee_le=factory.LazyFunction(lambda: datetime.datetime(2023, 10, 5, tzinfo=datetime.UTC))
        )

    @factory.post_generation
    def indicateurs(self, create, indicateurs, **kwargs):
        if create and indicateurs:
            self.indicateurs.set(indicateurs)


class JetonAgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JetonAgenda

    utilisateur = factory.SubFactory(UtilisateurFactory)
    jeton = factory.Sequence(lambda n: f"jeton-secret-de-test-{n:04d}")
