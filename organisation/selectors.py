"""Lectures de l'organisation et des comptes, pour les pages, le tableau de bord et le bilan.

`organisation_a_date(date)` construit l'arbre entité → direction → service avec les agents
à une date et leurs sous-totaux ; le bilan l'utilise pour écrire « 181 agents (113 + 68) ».
Le nombre de requêtes ne dépend pas du nombre de services (deux requêtes).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, ExpressionWrapper, Q, QuerySet, Subquery, Value, When

from qualite.identite import Identite, Lieu

from .models import Effectif, HallAccueil, Prefecture, Service, Site, Utilisateur


@dataclass
class Noeud:
    """Un service de l'arbre, ses agents propres à la date et ses enfants."""

    service: Service
    profondeur: int
    agents: int | None = None
    enfants: list["Noeud"] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Agents du nœud et de tous ses descendants (0 si aucun effectif n'est connu)."""
        return (self.agents or 0) + sum(enfant.total for enfant in self.enfants)

    @property
    def a_des_effectifs(self) -> bool:
        return self.agents is not None or any(enfant.a_des_effectifs for enfant in self.enfants)

    def parcourir(self) -> Iterator["Noeud"]:
        yield self
        for enfant in self.enfants:
            yield from enfant.parcourir()


@dataclass
class Organisation:
    date: datetime.date | None
    entites: list[Noeud]

    @property
    def total(self) -> int:
        return sum(entite.total for entite in self.entites)

    @property
    def a_des_effectifs(self) -> bool:
        return any(entite.a_des_effectifs for entite in self.entites)

    @property
    def decomposition(self) -> str:
        """« 113 + 68 » : le total de chaque entité qui a des agents, dans l'ordre d'affichage."""
        return " + ".join(str(entite.total) for entite in self.entites if entite.a_des_effectifs)

    @property
    def lignes(self) -> list[Noeud]:
        """Tous les nœuds dans l'ordre de l'arbre (entité, ses directions, leurs services…)."""
        return [noeud for entite in self.entites for noeud in entite.parcourir()]

    @property
    def feuilles(self) -> list[Noeud]:
        return [noeud for noeud in self.lignes if not noeud.enfants and noeud.profondeur > 0]


def dates_effectifs() -> list[datetime.date]:
    """Les dates auxquelles au moins un effectif est connu, de la plus récente à la plus ancienne."""
    return list(Effectif.objects.order_by("-date").values_list("date", flat=True).distinct())


def organisation_a_date(date: datetime.date | None) -> Organisation:
    """L'arbre de l'organisation avec les agents au `date` (les services inactifs sans effectif sont omis)."""
    agents = dict(Effectif.objects.filter(date=date).values_list("service_id", "agents")) if date else {}
    services = list(Service.objects.select_related("site").filter(Q(actif=True) | Q(pk__in=list(agents))))
    noeuds = {s.pk: Noeud(service=s, profondeur=0, agents=agents.get(s.pk)) for s in services}
    racines = []
    for service in services:
        noeud = noeuds[service.pk]
        parent = noeuds.get(service.parent_id)
        if parent is None:
            racines.append(noeud)
        else:
            parent.enfants.append(noeud)
    for racine in racines:
        _fixer_profondeur(racine, 0)
    return Organisation(date=date, entites=racines)


def _fixer_profondeur(noeud: Noeud, profondeur: int) -> None:
    noeud.profondeur = profondeur
    for enfant in noeud.enfants:
        _fixer_profondeur(enfant, profondeur + 1)


def sites_par_preference() -> QuerySet[Site]:
    """Les sites, ceux de type préfecture d'abord, puis dans l'ordre d'affichage."""
    prefecture_d_abord = Case(When(type=Site.Type.PREFECTURE, then=Value(0)), default=Value(1))
    return Site.objects.order_by(prefecture_d_abord, "ordre", "nom")


def sites() -> QuerySet[Site]:
    """Les sites dans l'ordre d'affichage ; `est_principal` marque le site principal (même requête)."""
    principal = Subquery(sites_par_preference().values("pk")[:1])
    return Site.objects.annotate(est_principal=ExpressionWrapper(Q(pk=principal), output_field=BooleanField()))


def site_principal() -> Site | None:
    """Le site principal de la préfecture : le premier site de type préfecture (dans l'ordre d'affichage),
    à défaut le premier site. Le bilan, le tableau de bord, la transparence et l'organisation s'y réfèrent."""
    return sites_par_preference().first()


def utilisateurs(*, role: str = "", statut: str = "", recherche: str = "") -> QuerySet[Utilisateur]:
    """Liste des comptes, filtrée par rôle, statut (actifs / inactifs) et texte."""
    comptes = Utilisateur.objects.prefetch_related("services")
    if role:
        comptes = comptes.filter(role=role)
    if statut == "actifs":
        comptes = comptes.filter(is_active=True)
    elif statut == "inactifs":
        comptes = comptes.filter(is_active=False)
    if recherche:
        comptes = comptes.filter(
            Q(username__icontains=recherche)
            | Q(first_name__icontains=recherche)
            | Q(last_name__icontains=recherche)
            | Q(email__icontains=recherche)
        )
    return comptes


def prefecture() -> Prefecture | None:
    """L'identité saisie de la préfecture, ou None au premier démarrage."""
    return Prefecture.objects.filter(pk=1).first()


def identite() -> Identite | None:
    """L'identité telle que l'en-tête, les documents et la page publique la montrent (deux requêtes) ;
    enregistrée auprès du socle (`qualite.identite`) au démarrage de l'application."""
    saisie = prefecture()
    if saisie is None:
        return None
    lieux = []
    for hall in HallAccueil.objects.select_related("site").order_by("site__ordre", "site__nom", "ordre", "nom"):
        lieux.append(Lieu(nom=hall.nom, adresse=hall.adresse, demarches=hall.demarches, horaires=hall.horaires))
    return Identite(
        nom=saisie.nom,
        bloc_marque=tuple(saisie.lignes_bloc_marque),
        contact_courriel=saisie.contact_courriel,
        contact_telephone=saisie.contact_telephone,
        contact_adresse=saisie.contact_adresse,
        site_internet=saisie.site_internet,
        lieux=tuple(lieux),
        est_saisie=True,
    )


def halls() -> QuerySet[HallAccueil]:
    return HallAccueil.objects.select_related("site").order_by("site__ordre", "site__nom", "ordre", "nom")
