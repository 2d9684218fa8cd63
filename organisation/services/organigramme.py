"""Écritures de l'organisation : sites, arbre des services, effectifs (import : `organisation.echanges`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from qualite import nombres
from qualite.identite import oublier as oublier_identite

from ..models import Effectif, HallAccueil, Prefecture, Service, Site

PARENTS_AUTORISES: dict[str, tuple[Service.Niveau, ...]] = {
    Service.Niveau.ENTITE: (),
    Service.Niveau.DIRECTION: (Service.Niveau.ENTITE,),
    Service.Niveau.SERVICE: (Service.Niveau.DIRECTION, Service.Niveau.ENTITE),
}


def descendants(service: Service) -> set[int]:
    """Identifiants de tous les descendants d'un service (une seule requête)."""
    enfants: dict[int, list[int]] = {}
    for pk, parent_id in Service.objects.values_list("pk", "parent_id"):
        enfants.setdefault(parent_id, []).append(pk)
    resultat: set[int] = set()
    a_visiter = list(enfants.get(service.pk, []))
    while a_visiter:
        pk = a_visiter.pop()
        if pk not in resultat:
            resultat.add(pk)
            a_visiter.extend(enfants.get(pk, []))
    return resultat


def verifier_rattachement(*, service: Service | None, niveau: str, parent: Service | None) -> None:
    """Lève ValidationError (sur le champ `parent`) si le rattachement est impossible.

    Une entité n'a pas de rattachement ; une direction se rattache à une entité ; un service à une
    direction ou à une entité ; un service ne peut être rattaché ni à lui-même ni à un descendant.
    """
    autorises = PARENTS_AUTORISES[niveau]
    if not autorises:
        if parent is not None:
            raise ValidationError({"parent": "Une entité n'est rattachée à aucun autre service."})
        return
    if parent is None:
        libelles = " ou ".join(str(Service.Niveau(n).label).lower() for n in autorises)
        raise ValidationError({"parent": f"Indiquez le rattachement : {libelles}."})
    if service is not None and service.pk is not None:
        if parent.pk == service.pk:
            raise ValidationError({"parent": "Un service ne peut pas être rattaché à lui-même."})
        if parent.pk in descendants(service):
            raise ValidationError({"parent": "Un service ne peut pas être rattaché à l'un de ses descendants."})
    if parent.niveau not in autorises:
        if niveau == Service.Niveau.DIRECTION:
            raise ValidationError({"parent": "Une direction se rattache à une entité."})
        raise ValidationError({"parent": "Un service se rattache à une direction ou à une entité."})


@transaction.atomic
def service_enregistrer(
    *,
    service: Service | None = None,
    nom: str,
    niveau: str,
    parent: Service | None,
    site: Site,
    ordre: int = 0,
    actif: bool = True,
) -> Service:
    """Crée (service=None) ou modifie un nœud de l'organisation après vérification du rattachement."""
    verifier_rattachement(service=service, niveau=niveau, parent=parent)
    service = service or Service()
    service.nom = nom
    service.niveau = niveau
    service.parent = parent
    service.site = site
    service.ordre = ordre
    service.actif = actif
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def site_enregistrer(*, site: Site | None = None, nom: str, type: str, adresse: str = "", ordre: int = 0) -> Site:
    site = site or Site()
    site.nom = nom
    site.type = type
    site.adresse = adresse
    site.ordre = ordre
    site.full_clean()
    site.save()
    oublier_identite()
    return site


@transaction.atomic
def hall_enregistrer(
    *,
    hall: HallAccueil | None = None,
    site: Site,
    nom: str,
    adresse: str = "",
    demarches: str = "",
    horaires: str = "",
    ordre: int = 0,
) -> HallAccueil:
    """Crée (hall=None) ou modifie un hall d'accueil du public."""
    hall = hall or HallAccueil()
    hall.site, hall.nom, hall.adresse, hall.demarches, hall.horaires, hall.ordre = (
        site,
        nom,
        adresse,
        demarches,
        horaires,
        ordre,
    )
    hall.full_clean()
    hall.save()
    oublier_identite()
    return hall


@transaction.atomic
def identite_enregistrer(
    *,
    nom: str,
    bloc_marque: str,
    contact_courriel: str = "",
    contact_telephone: str = "",
    contact_adresse: str = "",
    site_internet: str = "",
) -> Prefecture:
    """Enregistre l'identité de la préfecture (une seule ligne). Au premier enregistrement, crée aussi le site
    principal (type préfecture, même nom, l'adresse postale) s'il n'existe encore aucun site."""
    prefecture = Prefecture.objects.select_for_update().filter(pk=1).first() or Prefecture(pk=1)
    prefecture.nom = nom.strip()
    prefecture.bloc_marque = "\n".join(ligne.strip() for ligne in bloc_marque.splitlines() if ligne.strip())
    prefecture.contact_courriel = contact_courriel
    prefecture.contact_telephone = contact_telephone
    prefecture.contact_adresse = contact_adresse
    prefecture.site_internet = site_internet
    prefecture.full_clean()
    prefecture.save()
    if not Site.objects.exists():
        site_enregistrer(nom=prefecture.nom, type=Site.Type.PREFECTURE, adresse=contact_adresse)
    oublier_identite()
    return prefecture


@transaction.atomic
def effectif_enregistrer(*, service: Service, date: datetime.date, agents: int) -> tuple[Effectif, bool]:
    """Crée ou met à jour l'effectif d'un service à une date ; renvoie (effectif, créé)."""
    if agents < 0:
        raise ValidationError({"agents": "Le nombre d'agents ne peut pas être négatif."})
    try:
        nombres.verifier(agents, nombres.COMPTE)
    except ValueError as erreur:
        raise ValidationError({"agents": f"Nombre d'agents : {erreur}."}) from None
    return Effectif.objects.update_or_create(service=service, date=date, defaults={"agents": agents})


@transaction.atomic
def service_trouver_ou_creer(*, nom: str, niveau: str, parent: Service | None, site: Site, ordre: int) -> Service:
    """Le service de ce nom sous ce rattachement ; créé (sur `site`, à l'ordre `ordre`) s'il manque."""
    existant = Service.objects.filter(parent=parent, nom=nom).first()
    return existant or service_enregistrer(nom=nom, niveau=niveau, parent=parent, site=site, ordre=ordre)


@transaction.atomic
def service_deplacer(*, service: Service, site: Site) -> Service:
    """Rattache un service à un autre site (colonne Site retouchée dans le tableau de l'organisation)."""
    service.site = site
    service.save(update_fields=["site"])
    return service
