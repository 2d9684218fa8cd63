import datetime

import factory

from organisation.models import Courriel, Effectif, HallAccueil, Prefecture, Role, Service, Site, Utilisateur

MOT_DE_PASSE_TEST = "motdepasse-de-test-2026"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("nom",)

    nom = "Préfecture du Jura"
    type = Site.Type.PREFECTURE


class PrefectureFactory(factory.django.DjangoModelFactory):
    """L'identité de la préfecture (une seule ligne, pk=1)."""

    class Meta:
        model = Prefecture
        django_get_or_create = ("pk",)

    pk = 1
    nom = "Préfecture du Jura"
    bloc_marque = "Préfète\ndu Jura"
    contact_courriel = "pref-qualite@jura.invalid"
    contact_telephone = "03 84 00 00 00"
    contact_adresse = "8 rue de la Préfecture, 39000 Lons-le-Saunier"


class HallAccueilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HallAccueil

    site = factory.SubFactory(SiteFactory)
    nom = factory.Sequence(lambda n: f"Hall d'accueil {n}")
    adresse = "8 rue de la Préfecture, 39000 Lons-le-Saunier"
    demarches = "Titres, associations"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    nom = factory.Sequence(lambda n: f"Service {n}")
    niveau = Service.Niveau.SERVICE
    site = factory.SubFactory(SiteFactory)

    class Params:
        entite = factory.Trait(niveau=Service.Niveau.ENTITE, parent=None)
        direction = factory.Trait(niveau=Service.Niveau.DIRECTION)


class EffectifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Effectif

    service = factory.SubFactory(ServiceFactory)
    date = datetime.date(2022, 12, 31)
    agents = 5


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@prefecture.invalid")
    role = Role.COPIL
    password = factory.django.Password(MOT_DE_PASSE_TEST)

    class Params:
        referent = factory.Trait(role=Role.REFERENT)
        correspondant = factory.Trait(role=Role.CORRESPONDANT)
        auditeur = factory.Trait(role=Role.AUDITEUR)
        administrateur = factory.Trait(role=Role.ADMINISTRATEUR)

    @factory.post_generation
    def services(self, create, services, **kwargs):
        if create and services:
            self.services.set(services)


class CourrielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courriel

    destinataires = factory.LazyFunction(lambda: ["referent@prefecture.invalid"])
    sujet = factory.Sequence(lambda n: f"Relance {n}")
    corps = "Message de test."

    class Params:
        envoye = factory.Trait(statut=Courriel.Statut.ENVOYE)
