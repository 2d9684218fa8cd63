"""Le label : cycles et périmètre en vigueur à une date de référence, échéances, état des sites, préparation
d'audit (critères et comptes par module).
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from organisation.models import Site
from organisation.selectors import site_principal, sites_par_preference

from .. import preparation
from ..models import (
    CycleLabel,
    EcheanceCycle,
    Engagement,
    EvenementLabel,
    Module,
    Niveau,
    Perimetre,
)

if TYPE_CHECKING:
    pass

from .referentiels import engagements_avec_dernier_niveau

# Le cycle « en cours » : le plus récent, un cycle sans date d'obtention (en préparation) devant.
ORDRE_CYCLES = (F("date_obtention").desc(nulls_first=True), "-pk")


def _passee(date_reference: date | None) -> date | None:
    return date_reference if date_reference is not None and date_reference < timezone.localdate() else None


def cycles_en_vigueur(date_reference: date | None = None) -> QuerySet[CycleLabel]:
    """Les cycles tels qu'au soir de `date_reference` : obtenus au plus tard ce jour, ou en préparation et déjà
    enregistrés ce jour-là (historique) ; tous pour aujourd'hui."""
    cycles = CycleLabel.objects.all()
    if (jour := _passee(date_reference)) is not None:
        enregistre = CycleLabel.history.model.objects.filter(
            id=OuterRef("pk"), history_type="+", history_date__date__lte=jour
        )
        cycles = cycles.filter(Q(date_obtention__lte=jour) | Q(date_obtention__isnull=True) & Exists(enregistre))
    return cycles


def cycle_en_cours(*, site: Site, date_reference: date | None = None) -> CycleLabel | None:
    """Le cycle le plus récent du site (à la date de référence) ; un cycle sans date d'obtention (en préparation)
    passe devant."""
    cycles = cycles_en_vigueur(date_reference).filter(site=site).select_related("referentiel", "site")
    return cycles.order_by(*ORDRE_CYCLES).first()


def site_et_cycle_principal(date_reference: date | None = None) -> tuple[Site | None, CycleLabel | None]:
    """Le site principal (préfecture d'abord) et son cycle en cours à la date de référence : une requête s'il a un
    cycle."""
    premier = sites_par_preference().values("pk")[:1]
    cycles = cycles_en_vigueur(date_reference).filter(site=Subquery(premier)).select_related("referentiel", "site")
    cycle = cycles.order_by(*ORDRE_CYCLES).first()
    if cycle is not None:
        return cycle.site, cycle
    return site_principal(), None


def perimetre_en_cours(*, site: Site, date_reference: date | None = None) -> Perimetre | None:
    """Le dernier périmètre arrêté (au plus tard à la date de référence) du cycle en cours du site, modules
    préchargés."""
    cycle = cycle_en_cours(site=site, date_reference=date_reference)
    if cycle is None:
        return None
    return (
        _perimetres_arretes(cycle, date_reference)
        .select_related("cycle__referentiel", "cycle__site")
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("numero")))
        .first()
    )


def _perimetres_arretes(cycle: CycleLabel, date_reference: date | None) -> QuerySet[Perimetre]:
    """Les périmètres du cycle arrêtés au plus tard à la date de référence, le dernier d'abord."""
    perimetres = Perimetre.objects.filter(cycle=cycle)
    if (jour := _passee(date_reference)) is not None:
        perimetres = perimetres.filter(Q(date__lte=jour) | Q(date__isnull=True))
    return perimetres.order_by(F("date").desc(nulls_last=True), "-pk")


def modules_du_perimetre(*, cycle: CycleLabel, date_reference: date | None = None) -> list[Module]:
    """Les modules du dernier périmètre arrêté du cycle (au plus tard à la date de référence) : une requête."""
    dernier = _perimetres_arretes(cycle, date_reference).values("pk")[:1]
    return list(Module.objects.filter(perimetres=Subquery(dernier)).order_by("numero"))


def engagements_du_perimetre(perimetre: Perimetre | None) -> QuerySet[Engagement]:
    if perimetre is None:
        return Engagement.objects.none()
    return (
        Engagement.objects.filter(module__perimetres=perimetre)
        .select_related("module", "referentiel")
        .order_by("module__numero", "numero")
    )


def historique_label(*, site: Site, date_reference: date | None = None) -> list[EvenementLabel]:
    """Les jalons du label du site, jusqu'à la date de référence."""
    evenements = EvenementLabel.objects.filter(site=site)
    if date_reference is not None:
        evenements = evenements.filter(date__lte=date_reference)
    return list(evenements.order_by("date", "pk"))


@dataclass(frozen=True)
class ProchaineEcheance:
    echeance: EcheanceCycle
    jours_restants: int

    @property
    def delai(self) -> str:
        """« dans 40 jours », « aujourd'hui », « dépassée de 12 jours » (un audit prévu qui n'a pas eu lieu)."""
        jours = abs(self.jours_restants)
        texte = f"{jours} jour{'s' if jours > 1 else ''}"
        if self.jours_restants > 0:
            return f"dans {texte}"
        return "aujourd'hui" if self.jours_restants == 0 else f"date dépassée de {texte}, audit non encore réalisé"


def echeances_du_site(*, site: Site) -> QuerySet[EcheanceCycle]:
    return EcheanceCycle.objects.filter(cycle__site=site).select_related("cycle__referentiel").order_by("date_prevue")


def prochaine_echeance(
    *, site: Site, aujourdhui: date | None = None, cycle: CycleLabel | None = None
) -> ProchaineEcheance | None:
    """Le prochain audit du cycle en vigueur (`cycle`, sinon celui du site ce jour-là) : le premier audit prévu
    qui n'avait pas encore eu lieu ce jour-là, et le compte à rebours en jours (négatif s'il est en retard)."""
    aujourdhui = aujourdhui or timezone.localdate()
    cycle = cycle or cycle_en_cours(site=site, date_reference=aujourdhui)
    if cycle is None:
        return None
    non_realises = Q(date_realisation__isnull=True) | Q(date_realisation__gt=aujourdhui)
    # Au plus trois audits prévus par cycle : lus en une requête, choisis ici.
    return _premiere_a_venir(list(echeances_du_site(site=site).filter(non_realises, cycle=cycle)), aujourdhui)


def _premiere_a_venir(echeances: list[EcheanceCycle], aujourdhui: date) -> ProchaineEcheance | None:
    """Parmi les audits prévus non réalisés (par date), le premier à venir ; aucun à venir : le dernier dont la date
    est dépassée, plutôt que rien."""
    a_venir = [e for e in echeances if e.date_prevue >= aujourdhui]
    echeance = a_venir[0] if a_venir else (echeances[-1] if echeances else None)
    if echeance is None:
        return None
    return ProchaineEcheance(echeance=echeance, jours_restants=(echeance.date_prevue - aujourdhui).days)


@dataclass(frozen=True)
class EtatDuSite:
    site: Site
    prochaine: ProchaineEcheance | None
    historique: list[EvenementLabel]


def etats_des_sites(*, aujourdhui: date | None = None) -> list[EtatDuSite]:
    """Pour chaque site qui a un cycle : son prochain audit (comme `prochaine_echeance`) et l'historique de son
    label. Trois requêtes quel que soit le nombre de sites."""
    aujourdhui = aujourdhui or timezone.localdate()
    cycles: dict[int, CycleLabel] = {}
    for cycle in (
        cycles_en_vigueur(aujourdhui).select_related("site").order_by("site__ordre", "site__nom", *ORDRE_CYCLES)
    ):
        cycles.setdefault(cycle.site_id, cycle)
    non_realises = Q(date_realisation__isnull=True) | Q(date_realisation__gt=aujourdhui)
    echeances: dict[int, list[EcheanceCycle]] = {}
    for prevue in (
        EcheanceCycle.objects.filter(non_realises, cycle__in=list(cycles.values()))
        .select_related("cycle__referentiel")
        .order_by("date_prevue")
    ):
        echeances.setdefault(prevue.cycle_id, []).append(prevue)
    historiques: dict[int, list[EvenementLabel]] = {}
    for evenement in EvenementLabel.objects.filter(site_id__in=list(cycles)).order_by("date", "pk"):
        historiques.setdefault(evenement.site_id, []).append(evenement)
    etats = []
    for site_id, cycle in cycles.items():
        prochaine = _premiere_a_venir(echeances.get(cycle.pk, []), aujourdhui)
        etats.append(EtatDuSite(site=cycle.site, prochaine=prochaine, historique=historiques.get(site_id, [])))
    return etats


def etat_autodiagnostic(engagements: QuerySet[Engagement]) -> dict[str, int]:
    """Nombre d'engagements par niveau de leur dernière évaluation (non évalué s'il n'y en a pas).

    Renvoie un dictionnaire {valeur de Niveau: nombre} avec toutes les clés, plus « total »."""
    compte = Counter(
        niveau or Niveau.NON_EVALUE
        for niveau in engagements_avec_dernier_niveau(engagements).values_list("dernier_niveau", flat=True)
    )
    etat = {niveau.value: compte.get(niveau.value, 0) for niveau in Niveau}
    etat["total"] = sum(compte.values())
    return etat


def critere_non_evalues(engagements: QuerySet[Engagement], aujourdhui: date) -> dict[int, str]:
    return {
        pk: ""
        for pk, niveau in engagements_avec_dernier_niveau(engagements).values_list("pk", "dernier_niveau")
        if niveau in (None, Niveau.NON_EVALUE)
    }


def critere_sans_preuve(engagements: QuerySet[Engagement], aujourdhui: date) -> dict[int, str]:
    return {pk: "" for pk in engagements.filter(preuves__isnull=True).values_list("pk", flat=True)}


def critere_preuves_expirees(engagements: QuerySet[Engagement], aujourdhui: date) -> dict[int, str]:
    resultat: dict[int, list[str]] = {}
    for pk, titre, a_revoir in engagements.filter(preuves__a_revoir_le__lt=aujourdhui).values_list(
        "pk", "preuves__titre", "preuves__a_revoir_le"
    ):
        resultat.setdefault(pk, []).append(f"{titre} (à revoir le {a_revoir:%d/%m/%Y})")
    return {pk: " ; ".join(textes) for pk, textes in resultat.items()}


@dataclass
class PreparationModule:
    module: Module
    criteres: list[dict]
    nb_engagements: int
    comptes: list[dict] = field(default_factory=list)


@dataclass
class Preparation:
    """La préparation d'un périmètre : un bloc par module, puis ce qui ne relève d'aucun module (pilotage)."""

    modules: list[PreparationModule]
    pilotage: list[dict]

    def __iter__(self) -> Iterator[PreparationModule]:
        return iter(self.modules)

    def __getitem__(self, rang: int) -> PreparationModule:
        return self.modules[rang]

    def __len__(self) -> int:
        return len(self.modules)


def preparation_audit(*, perimetre: Perimetre, aujourdhui: date | None = None) -> Preparation:
    """Par module du périmètre, les engagements à traiter avant l'audit, critère par critère, et les comptes du
    module (actions qui lui sont rattachées, constats ouverts) ; puis les comptes du pilotage (hors module)."""
    aujourdhui = aujourdhui or timezone.localdate()
    engagements = engagements_du_perimetre(perimetre)
    par_pk = {engagement.pk: engagement for engagement in engagements}
    resultats = [(critere, critere.fonction(engagements, aujourdhui)) for critere in preparation.criteres()]
    tous = list(perimetre.modules.all())
    comptes = [(compte, compte.fonction(tous, aujourdhui)) for compte in preparation.comptes()]
    modules = []
    for module in tous:
        lignes = []
        for critere, trouves in resultats:
            concernes = [
                {"engagement": par_pk[pk], "precision": precision}
                for pk, precision in sorted(trouves.items(), key=lambda e: par_pk[e[0]].numero if e[0] in par_pk else 0)
                if pk in par_pk and par_pk[pk].module_id == module.pk
            ]
            lignes.append({"critere": critere, "engagements": concernes})
        nb = sum(1 for e in par_pk.values() if e.module_id == module.pk)
        modules.append(
            PreparationModule(
                module=module,
                criteres=lignes,
                nb_engagements=nb,
                comptes=[{"compte": compte, "nombre": nombres.get(module.pk, 0)} for compte, nombres in comptes],
            )
        )
    pilotage = [{"compte": compte, "nombre": nombres[None]} for compte, nombres in comptes if None in nombres]
    return Preparation(modules=modules, pilotage=pilotage)
