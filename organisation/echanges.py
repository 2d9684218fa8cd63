"""L'organisation échangée en tableau (xlsx, ods, csv), par django-import-export (`qualite.echanges`).

Une ligne = un service et son effectif à une date : Entité, Direction (facultative), Service, Agents, Site.
Les services sont retrouvés par leur chemin (même nom sous le même rattachement) ; ceux qui manquent sont
créés sur le site de la colonne Site, sinon sur le site par défaut. L'export d'une date se réimporte sans
perte (0 créé, 0 modifié) ; une cellule Agents ou Site retouchée ne change que cet effectif ou ce site.
"""

import datetime
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from import_export import fields

from qualite.echanges import Echange, EntierWidget, TexteWidget
from qualite.imports import RapportImport
from qualite.tableur import nettoyer, normaliser

from .models import Effectif, Service, Site
from .selectors import site_principal
from .services.organigramme import effectif_enregistrer, service_deplacer, service_trouver_ou_creer

Chemin = tuple[str, str, str]


def chemin_du_service(service: Service) -> Chemin:
    """(entité, direction, service) d'un service ; la direction est vide s'il est rattaché à l'entité."""
    parent = service.parent
    if parent is None:
        return ("", "", service.nom)
    if parent.parent is None:
        return (parent.nom, "", service.nom)
    return (parent.parent.nom, parent.nom, service.nom)


class ChampChemin(fields.Field):
    """Une colonne du chemin (entité, direction, service) ou le site : lue sur la ligne, écrite par la ressource."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not hasattr(instance, "_lus"):
            instance._lus = {}
        instance._lus[self.attribute] = nettoyer(self.clean(row, **kwargs))

    def get_value(self, instance):
        lus = getattr(instance, "_lus", {})
        if self.attribute in lus:
            return lus[self.attribute]
        if not instance.service_id:
            return ""
        service = instance.service
        if self.attribute == "site_nom":
            return service.site.nom
        entite, direction, nom = chemin_du_service(service)
        return {"entite": entite, "direction": direction, "service_nom": nom}[self.attribute]


class EffectifEchange(Echange):
    feuille = "Organisation"
    obligatoires = {"Entité", "Service", "Agents"}
    variantes = {
        "Entité": ["entite"],
        "Service": ["service, bureau ou pôle", "bureau", "pôle"],
        "Agents": ["nombre d'agents", "effectif", "ETP"],
        "Site": ["site de rattachement", "implantation"],
    }
    largeurs = {"Entité": 25, "Direction": 35, "Service": 50, "Site": 30}
    colonnes_apercu = ["Entité", "Direction", "Service", "Site", "Agents"]
    aide = {
        "Entité": "préfecture, sous-préfecture… (obligatoire)",
        "Direction": "facultative : sans elle, le service est rattaché à l'entité",
        "Service": "service, bureau ou pôle (obligatoire) ; même nom sous le même rattachement : repris",
        "Agents": "nombre d'agents à la date de l'import (entier, obligatoire)",
        "Site": "nom d'un site enregistré ; vide : le site par défaut",
    }

    entite = ChampChemin("entite", "Entité", widget=TexteWidget())
    direction = ChampChemin("direction", "Direction", widget=TexteWidget())
    service_nom = ChampChemin("service_nom", "Service", widget=TexteWidget())
    agents = fields.Field("agents", "Agents", widget=EntierWidget())
    site_nom = ChampChemin("site_nom", "Site", widget=TexteWidget())

    class Meta(Echange.Meta):
        model = Effectif
        fields = ("entite", "direction", "service_nom", "agents", "site_nom")
        import_id_fields = ("entite", "service_nom")

    def __init__(self, *, date: datetime.date | None = None, site: Site | None = None, **kwargs):
        super().__init__(**kwargs)
        self.date = date
        self.site_defaut = site
        self._services: dict[tuple[int | None, str], Service] | None = None
        self._effectifs: dict[int, Effectif] = {}
        self._sites: dict[str, Site] = {}
        self._vues: dict[Chemin, int] = {}
        self._rang = 0
        self._doublon = 0

    # Export.

    def filter_export(self, queryset, **kwargs):
        effectifs = list(
            queryset.filter(service__niveau=Service.Niveau.SERVICE).select_related(
                "service__site", "service__parent__parent"
            )
        )

        def cle(effectif: Effectif) -> tuple:
            noeuds, service = [], effectif.service
            while service is not None:
                noeuds.insert(0, (service.ordre, service.nom))
                service = service.parent
            return tuple(noeuds)

        return sorted(effectifs, key=cle)

    # Import : services et effectifs de la date lus une fois, retrouvés par leur chemin.

    def charger(self) -> None:
        if self._services is not None:
            return
        services = list(Service.objects.select_related("site", "parent__parent"))
        self._services = {(s.parent_id, s.nom): s for s in services}
        par_pk = {s.pk: s for s in services}
        self._effectifs = {}
        for effectif in Effectif.objects.filter(date=self.date):
            effectif.service = par_pk[effectif.service_id]
            self._effectifs[effectif.service_id] = effectif
        self._sites = {normaliser(s.nom): s for s in Site.objects.all()}
        self.site_defaut = self.site_defaut or site_principal()

    def service_du_chemin(self, chemin: Chemin) -> Service | None:
        assert self._services is not None
        entite, direction, nom = chemin
        parent = self._services.get((None, entite))
        if parent is not None and direction:
            parent = self._services.get((parent.pk, direction))
        return None if parent is None else self._services.get((parent.pk, nom))

    def chemin_de_la_ligne(self, row) -> Chemin:
        return (nettoyer(row.get("Entité")), nettoyer(row.get("Direction")), nettoyer(row.get("Service")))

    def get_instance(self, instance_loader, row):
        self.charger()
        service = self.service_du_chemin(self.chemin_de_la_ligne(row))
        if service is None:
            return None
        return self._effectifs.get(service.pk) or Effectif(service=service, date=self.date)

    def init_instance(self, row=None):
        return Effectif(date=self.date)

    def get_or_init_instance(self, instance_loader, row):
        # Un service existant sans effectif à cette date : l'effectif est créé (compté « créé »).
        instance = self.get_instance(instance_loader, row)
        if instance is not None and instance.pk:
            return instance, False
        return instance or self.init_instance(row), True

    def verifier_jeu(self, jeu: tablib.Dataset, rapport: RapportImport) -> None:
        self.charger()
        if self.site_defaut is None and "Site" not in jeu.headers:
            rapport.erreur(None, "Aucun site n'existe : créez d'abord le site de la préfecture.")
        elif not len(jeu):
            rapport.erreur(None, "Le fichier ne contient aucune ligne de service.")

    def site_de_la_ligne(self, instance: Effectif) -> Site | None:
        texte = getattr(instance, "_lus", {}).get("site_nom", "")
        if texte:
            return self._sites.get(normaliser(texte))
        if instance.service_id:
            return instance.service.site
        return self.site_defaut

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        erreurs: dict[str, Any] = dict(import_validation_errors or {})
        lus = getattr(instance, "_lus", {})
        for attribut, libelle in (("entite", "entité"), ("service_nom", "service")):
            if not lus.get(attribut):
                erreurs.setdefault(attribut, [f"{libelle} vide"])
        if "agents" not in erreurs:
            if instance.agents is None:
                erreurs["agents"] = ["agents vide"]
            elif instance.agents < 0:
                erreurs["agents"] = [f"agents « {instance.agents} » ne peut pas être négatif"]
        if lus.get("site_nom") and self.site_de_la_ligne(instance) is None:
            erreurs["site_nom"] = [f"site « {lus['site_nom']} » inconnu (créez-le d'abord dans Organisation › Sites)"]
        elif self.site_de_la_ligne(instance) is None:
            erreurs["site_nom"] = ["site vide et aucun site par défaut"]
        if not erreurs and self._doublon:
            erreurs["service_nom"] = [f"ce service figure déjà ligne {self._doublon}"]
        if erreurs:
            raise ValidationError(erreurs)

    def before_import(self, dataset, **kwargs):
        self._vues = {}
        self._rang = 0

    def before_import_row(self, row, **kwargs):
        self._rang = kwargs.get("row_number", self._rang + 1)
        self._doublon = 0

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Un chemin déjà lu plus haut est un doublon : la ligne est validée (et refusée), jamais sautée."""
        chemin = self.chemin_de_la_ligne(row)
        if chemin in self._vues:
            self._doublon = self._vues[chemin]
            return False
        if not import_validation_errors:
            self._vues[chemin] = self.numero(self._rang)
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        assert self._services is not None and self.date is not None
        lus = instance._lus
        site = self.site_de_la_ligne(instance)
        assert site is not None
        numero = self.numero(self._rang)
        parent = None
        for nom, niveau in (
            (lus["entite"], Service.Niveau.ENTITE),
            (lus.get("direction", ""), Service.Niveau.DIRECTION),
            (lus["service_nom"], Service.Niveau.SERVICE),
        ):
            if not nom:
                continue
            cle = (parent.pk if parent else None, nom)
            if cle not in self._services:
                self._services[cle] = service_trouver_ou_creer(
                    nom=nom, niveau=niveau, parent=parent, site=site, ordre=numero
                )
            parent = self._services[cle]
        assert parent is not None
        if instance.service_id and lus.get("site_nom") and parent.site_id != site.pk:
            service_deplacer(service=parent, site=site)
        effectif, _ = effectif_enregistrer(service=parent, date=self.date, agents=instance.agents)
        self._effectifs[parent.pk] = effectif

    def colonnes_des_attributs(self) -> dict[str, str]:
        return {"service": "Service", "date": "Service"}


importer_organisation = EffectifEchange.importeur()
ENTETES = EffectifEchange().get_export_headers()


def exporter_organisation(*, date: datetime.date, format: str) -> bytes:
    return EffectifEchange(date=date).exporter(format, Effectif.objects.filter(date=date))


def lignes_organisation(date: datetime.date) -> int:
    return Effectif.objects.filter(date=date, service__niveau=Service.Niveau.SERVICE).count()
