"""Écritures de l'organisation : sites, arbre des services, effectifs, import du tableau des agents."""

import datetime
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from qualite import nombres
from qualite.identite import oublier as oublier_identite
from qualite.imports import RapportImport
from qualite.tableur import lire_entier, lire_tableau, normaliser

from ..models import Effectif, HallAccueil, Prefecture, Service, Site, Utilisateur
from ..selectors import site_principal

COLONNES_ORGANISATION = {
    "entite": ["entité"],
    "direction": ["direction"],
    "service": ["service", "service, bureau ou pôle", "bureau", "pôle"],
    "agents": ["agents", "nombre d'agents", "effectif", "ETP"],
    "site": ["site", "site de rattachement", "implantation"],
}
OBLIGATOIRES_ORGANISATION = {"entite", "service", "agents"}

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


def importer_organisation(
    *,
    rapport: RapportImport,
    fichier: BinaryIO,
    nom: str,
    utilisateur: Utilisateur | None,
    date: datetime.date,
    site: Site | None = None,
) -> RapportImport:
    """Importe le tableau « entité, direction, service, agents[, site] » : crée l'arbre et les effectifs au `date`.

    Toutes les lignes sont validées avant d'écrire. La direction est facultative : sans elle, le service est
    rattaché directement à l'entité. Les services existants (même nom sous le même rattachement) sont repris :
    ré-importer le même fichier ne crée rien et met à jour les effectifs. Les services créés le sont sur le site
    de la colonne Site (un site enregistré, par son nom), sinon sur `site` (par défaut, le site de la préfecture).
    """
    tableau = lire_tableau(fichier, colonnes=COLONNES_ORGANISATION, obligatoires=OBLIGATOIRES_ORGANISATION, nom=nom)
    site = site or site_principal()
    sites_par_nom = {normaliser(s.nom): s for s in Site.objects.all()}
    if site is None and "site" not in tableau.colonnes:
        rapport.erreur(None, "Aucun site n'existe : créez d'abord le site de la préfecture.")
        return rapport

    lues: list[tuple[int, str, str, str, int, Site]] = []
    deja_vues: dict[tuple[str, str, str], int] = {}
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        valeurs = {cle: ligne.texte(cle) for cle in ("entite", "direction", "service", "agents", "site")}
        erreurs = [f"{champ} vide" for champ, cle in _CHAMPS_TEXTE if not valeurs[cle]]
        agents = _lire_agents(ligne.valeurs.get("agents"), valeurs["agents"], erreurs)
        site_ligne = sites_par_nom.get(normaliser(valeurs["site"])) if valeurs["site"] else site
        if valeurs["site"] and site_ligne is None:
            erreurs.append(f"site « {valeurs['site']} » inconnu (créez-le d'abord dans Organisation › Sites)")
        elif site_ligne is None:
            erreurs.append("site vide et aucun site par défaut")
        cle = (valeurs["entite"], valeurs["direction"], valeurs["service"])
        if not erreurs and cle in deja_vues:
            erreurs.append(f"ce service figure déjà ligne {deja_vues[cle]}")
        if erreurs or site_ligne is None:
            rapport.erreur(ligne.numero, " ; ".join(erreurs))
            continue
        deja_vues[cle] = ligne.numero
        lues.append((ligne.numero, *cle, agents, site_ligne))
    if not lues and not rapport.erreurs:
        rapport.erreur(None, "Le fichier ne contient aucune ligne de service.")
    if rapport.erreurs:
        return rapport

    existants = {(s.parent_id, s.nom): s for s in Service.objects.all()}
    effectifs = {e.service_id: e for e in Effectif.objects.filter(date=date)}

    def trouver_ou_creer(nom_service: str, niveau: str, parent: Service | None, ordre: int, site: Site) -> Service:
        cle = (parent.pk if parent else None, nom_service)
        if cle not in existants:
            existants[cle] = Service.objects.create(
                nom=nom_service, niveau=niveau, parent=parent, site=site, ordre=ordre
            )
        return existants[cle]

    for numero, nom_entite, nom_direction, nom_service, agents, site_ligne in lues:
        entite = trouver_ou_creer(nom_entite, Service.Niveau.ENTITE, None, numero, site_ligne)
        rattachement = entite
        if nom_direction:
            rattachement = trouver_ou_creer(nom_direction, Service.Niveau.DIRECTION, entite, numero, site_ligne)
        service = trouver_ou_creer(nom_service, Service.Niveau.SERVICE, rattachement, numero, site_ligne)
        effectif = effectifs.get(service.pk)
        if effectif is None:
            Effectif.objects.create(service=service, date=date, agents=agents)
            rapport.crees += 1
            action = "créé"
        elif effectif.agents != agents:
            ancien = effectif.agents
            effectif.agents = agents
            effectif.save(update_fields=["agents"])
            rapport.mis_a_jour += 1
            action = f"mis à jour ({ancien} → {agents})"
        else:
            rapport.inchanges += 1
            action = "inchangé"
        rapport.apercu.append(
            {
                "Ligne": numero,
                "Entité": nom_entite,
                "Direction": nom_direction,
                "Service": nom_service,
                "Site": site_ligne.nom,
                "Agents": agents,
                "Effectif": action,
            }
        )
    return rapport


_CHAMPS_TEXTE = (("entité", "entite"), ("service", "service"))


def _lire_agents(brut: Any, texte: str, erreurs: list[str]) -> int:
    if not texte:
        erreurs.append("agents vide")
        return 0
    try:
        agents = lire_entier(brut)
    except ValueError:
        erreurs.append(f"agents « {texte} » n'est pas un nombre entier")
        return 0
    if agents is None or agents < 0:
        erreurs.append(f"agents « {texte} » ne peut pas être négatif")
        return 0
    try:
        nombres.verifier(agents, nombres.COMPTE)
    except ValueError as erreur:
        erreurs.append(f"agents « {texte} » : {erreur}")
        return 0
    return agents
