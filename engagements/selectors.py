"""Lectures des référentiels et du label, pour les pages, le tableau de bord et le bilan."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from organisation.models import Site
from organisation.selectors import site_principal, sites_par_preference

from . import preparation
from .models import (
    Autodiagnostic,
    Correspondance,
    CycleLabel,
    EcheanceCycle,
    Engagement,
    EvenementLabel,
    MigrationReferentiel,
    Module,
    Niveau,
    Perimetre,
    Referentiel,
    Reprise,
)
from .reprises import libelles as libelles_reprises

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class DernierNiveau(TypedDict):
    """Les annotations de `engagements_avec_dernier_niveau`."""

    dernier_niveau: str | None
    derniere_date: date | None


def referentiels() -> QuerySet[Referentiel]:
    return Referentiel.objects.annotate(
        nb_modules=Count("modules", distinct=True), nb_engagements=Count("engagements", distinct=True)
    ).order_by("titre", "-version")


def modules_du_referentiel(referentiel: Referentiel) -> list[Module]:
    """Les modules avec leurs engagements ; les engagements sans module sont rendus à part."""
    return list(
        referentiel.modules.prefetch_related(
            "rubriques",
            Prefetch("engagements", queryset=Engagement.objects.select_related("rubrique").order_by("numero")),
        )
    )


def engagements_avec_dernier_niveau(
    engagements: QuerySet[Engagement],
) -> "QuerySet[WithAnnotations[Engagement, DernierNiveau]]":
    """Annoté de `dernier_niveau` et `derniere_date` : la dernière évaluation de chaque engagement."""
    dernier = Autodiagnostic.objects.filter(engagement=OuterRef("pk")).order_by("-date", "-pk")
    return engagements.annotate(
        dernier_niveau=Subquery(dernier.values("niveau")[:1]),
        derniere_date=Subquery(dernier.values("date")[:1]),
    )


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
    perimetres = Perimetre.objects.filter(cycle=cycle)
    if (jour := _passee(date_reference)) is not None:
        perimetres = perimetres.filter(Q(date__lte=jour) | Q(date__isnull=True))
    return (
        perimetres.select_related("cycle__referentiel", "cycle__site")
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("numero")))
        .order_by(F("date").desc(nulls_last=True), "-pk")
        .first()
    )


def modules_du_perimetre(*, cycle: CycleLabel, date_reference: date | None = None) -> list[Module]:
    """Les modules du dernier périmètre arrêté du cycle (au plus tard à la date de référence) : une requête."""
    perimetres = Perimetre.objects.filter(cycle=cycle)
    if (jour := _passee(date_reference)) is not None:
        perimetres = perimetres.filter(Q(date__lte=jour) | Q(date__isnull=True))
    dernier = perimetres.order_by(F("date").desc(nulls_last=True), "-pk").values("pk")[:1]
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


# Critères propres à engagements pour la préparation d'audit (enregistrés dans apps.py).


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


# Changement de référentiel : correspondances, couverture, rapport au COPIL.


@dataclass
class LigneCorrespondance:
    """Un ancien engagement et ses successeurs ; `retire` : explicitement sans successeur."""

    ancien: Engagement
    successeurs: list[Engagement] = field(default_factory=list)
    retire: bool = False
    commentaires: list[str] = field(default_factory=list)
    fusionne: bool = False  # un de ses successeurs a d'autres prédécesseurs

    @property
    def decidee(self) -> bool:
        return self.retire or bool(self.successeurs)

    @property
    def modifie(self) -> bool:
        """Scindé, fusionné ou reformulé (un pour un au libellé différent)."""
        if len(self.successeurs) > 1 or self.fusionne:
            return True
        return len(self.successeurs) == 1 and self.successeurs[0].libelle.strip() != self.ancien.libelle.strip()

    @property
    def nature(self) -> str:
        if self.retire:
            return "retiré (aucun successeur)"
        if not self.successeurs:
            return "à décider"
        if len(self.successeurs) > 1:
            return "scindé (un pour plusieurs)"
        if self.fusionne:
            return "fusionné (plusieurs pour un)"
        return "reformulé" if self.modifie else "repris à l'identique"


@dataclass
class TableCorrespondances:
    depuis: Referentiel
    vers: Referentiel
    lignes: list[LigneCorrespondance]
    nouveaux: list[Engagement]  # engagements du nouveau référentiel sans aucun prédécesseur

    @property
    def retires(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if ligne.retire]

    @property
    def a_decider(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if not ligne.decidee]

    @property
    def sans_successeur(self) -> list[LigneCorrespondance]:
        """Retirés ou encore à décider."""
        return [ligne for ligne in self.lignes if not ligne.successeurs]

    @property
    def modifies(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if ligne.successeurs and ligne.modifie]

    @property
    def inchanges(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if ligne.successeurs and not ligne.modifie]

    @property
    def complete(self) -> bool:
        return not self.a_decider


def table_correspondances(*, depuis: Referentiel, vers: Referentiel) -> TableCorrespondances:
    """La table ancien engagement → successeurs et sa couverture (trois requêtes)."""
    lignes = {
        engagement.pk: LigneCorrespondance(ancien=engagement)
        for engagement in depuis.engagements.select_related("module").order_by("module__numero", "numero")
    }
    predecesseurs: Counter[int] = Counter()
    for correspondance in (
        Correspondance.objects.filter(depuis=depuis, vers=vers)
        .select_related("nouveau__module")
        .order_by("nouveau__module__numero", "nouveau__numero")
    ):
        ligne = lignes.get(correspondance.ancien_id)
        if ligne is None:
            continue
        if correspondance.nouveau is None:
            ligne.retire = True
        else:
            ligne.successeurs.append(correspondance.nouveau)
            predecesseurs[correspondance.nouveau.pk] += 1
        if correspondance.commentaire:
            ligne.commentaires.append(correspondance.commentaire)
    for ligne in lignes.values():
        ligne.fusionne = any(predecesseurs[s.pk] > 1 for s in ligne.successeurs)
    nouveaux = [
        engagement
        for engagement in vers.engagements.select_related("module").order_by("module__numero", "numero")
        if engagement.pk not in predecesseurs
    ]
    return TableCorrespondances(depuis=depuis, vers=vers, lignes=list(lignes.values()), nouveaux=nouveaux)


def paires_de_correspondances() -> list[dict]:
    """Les paires de référentiels qui ont des correspondances : [{depuis, vers, nombre, migration}]."""
    referentiels_par_pk = {r.pk: r for r in Referentiel.objects.all()}
    migrations = {(m.depuis_id, m.vers_id): m for m in MigrationReferentiel.objects.all()}
    paires = (
        Correspondance.objects.order_by("depuis_id", "vers_id")
        .values_list("depuis_id", "vers_id")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "depuis": referentiels_par_pk[depuis],
            "vers": referentiels_par_pk[vers],
            "nombre": nombre,
            "migration": migrations.get((depuis, vers)),
        }
        for depuis, vers, nombre in paires
    ]


def migration_du_referentiel(referentiel: Referentiel) -> MigrationReferentiel | None:
    """La migration qui a remplacé ce référentiel (il est alors en lecture seule)."""
    return MigrationReferentiel.objects.filter(depuis=referentiel).select_related("depuis", "vers").first()


def reprises_par_nature(migration: MigrationReferentiel) -> list[dict]:
    """[{cle, libelle, elements}] dans l'ordre des reprises, ce qui n'a pas de successeur compris."""
    par_nature: dict[str, list[Reprise]] = {}
    for reprise in migration.reprises.order_by("pk"):
        par_nature.setdefault(reprise.nature, []).append(reprise)
    return [
        {"cle": cle, "libelle": libelle, "elements": par_nature.get(cle, [])}
        for cle, libelle in libelles_reprises().items()
    ]


@dataclass
class RapportChangement:
    """Pour le COPIL : ce que le changement de référentiel a changé et ce qu'il a repris."""

    migration: MigrationReferentiel
    table: TableCorrespondances
    reprises: list[dict]


def migrations_de_l_annee(annee: int, *, date_reference: date | None = None) -> list[RapportChangement]:
    """Les changements de référentiel faits pendant l'année (au plus tard à la date de référence), pour le bilan."""
    migrations = MigrationReferentiel.objects.filter(date__year=annee).select_related("depuis", "vers")
    if date_reference is not None:
        migrations = migrations.filter(date__lte=date_reference)
    return [rapport_changement(migration) for migration in migrations.order_by("date", "pk")]


def rapport_changement(migration: MigrationReferentiel) -> RapportChangement:
    return RapportChangement(
        migration=migration,
        table=table_correspondances(depuis=migration.depuis, vers=migration.vers),
        reprises=reprises_par_nature(migration),
    )
