"""Lectures des audits pour les pages, le tableau de bord, la préparation d'audit et le bilan.

Chaque chiffre a une seule définition : la page d'audit, le tableau de bord et le bilan PDF
appellent ces fonctions.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagements.models import Engagement, Module
from organisation.models import Site

from .models import NATURES_A_TRAITER, Audit, Constat, ConstatQuerySet, Etat, Nature, Portee, Suite

NATURES_TABLEAU = [Nature.POINT_SENSIBLE, Nature.PISTE_PROGRES, Nature.POINT_FORT]
NATURES_NC = [Nature.NC_MINEURE, Nature.NC_MAJEURE]
PILOTAGE = "Pilotage"


def audits_liste() -> QuerySet[Audit]:
    """Les audits, les plus récents d'abord, avec le nombre de constats par nature."""
    comptes = {
        f"nb_{nature}": Count("constats", filter=Q(constats__nature=nature)) for nature in NATURES_TABLEAU + NATURES_NC
    }
    return (
        Audit.objects.avec_details()
        .annotate(
            nb_constats=Count("constats"),
            # Comme la liste de tri des constats (constats_ouverts) : ouverts et appelant une suite.
            nb_ouverts=Count("constats", filter=Q(constats__etat=Etat.OUVERT, constats__nature__in=NATURES_A_TRAITER)),
        )
        .annotate(**comptes)
        .order_by("-date_debut", "-pk")
    )


def dernier_audit(site: Site | None = None, *, date_reference: date | None = None) -> Audit | None:
    """Le dernier audit (commencé au plus tard à la date de référence) qui a des constats (d'un site donné ou de
    tous), sinon le dernier audit."""
    return dernier_audit_et_comptes(site, date_reference=date_reference)[0]


def constats_de(audit: Audit) -> ConstatQuerySet:
    return audit.constats.select_related("module", "engagement__module").prefetch_related("actions")


def _cle_module(constat: Constat) -> tuple[int, str]:
    if constat.portee == Portee.PILOTAGE:
        return (10_000, PILOTAGE)
    numero = constat.module.numero if constat.module is not None else 9_999
    return (numero, constat.libelle_portee)


def _comptes_par_nature(comptes: dict) -> dict[str, int]:
    resultat = {nature.value: comptes.get(nature.value, 0) for nature in NATURES_TABLEAU}
    resultat.update({nature.value: comptes[nature.value] for nature in NATURES_NC if comptes.get(nature.value)})
    return resultat


def constats_par_nature(audit: Audit) -> dict[str, int]:
    """{"point_sensible": 3, "piste_progres": 8, "point_fort": 6} (les NC seulement si présentes)."""
    return _comptes_par_nature(audit.constats.aggregate(**_agregats()))


def _passee(date_reference: date | None) -> date | None:
    return date_reference if date_reference is not None and date_reference < timezone.localdate() else None


def dernier_audit_et_comptes(
    site: Site | None = None, *, date_reference: date | None = None
) -> tuple[Audit | None, dict[str, int], dict[str, int]]:
    """`dernier_audit(site)` avec `constats_par_nature` et `suivi_constats`, en une requête s'il a des constats
    (deux pour une date de référence passée : la suite de chaque constat telle qu'elle était alors)."""
    # Requête agrégée : Django n'y applique pas Meta.ordering, l'ordre est donc redit ici.
    if (jour := _passee(date_reference)) is not None:
        audits = Audit.objects.avec_details().annotate(**_comptes_a_date(jour)).filter(date_debut__lte=jour)
    else:
        audits = Audit.objects.avec_details().annotate(**_agregats("constats__"))
    audits = audits.order_by(*Audit._meta.ordering)
    if site is not None:
        audits = audits.filter(site=site)
    audit = audits.filter(total__gt=0).first() or audits.first()
    if audit is None:
        return None, {}, {}
    comptes = {cle: getattr(audit, cle) for cle in _agregats()}
    return audit, _comptes_par_nature(comptes), {cle: comptes[cle] for cle in CLES_SUIVI}


def _comptes_a_date(jour: date) -> dict[str, Coalesce]:
    """Les mêmes comptes que `_agregats`, chacun en sous-requête sur les constats de l'audit tels qu'au soir de
    `jour` : une seule requête sur les audits (peu nombreux)."""
    constats = constats_a_date(Constat.objects.filter(audit=OuterRef("pk")), jour).order_by().values("audit")
    return {
        cle: Coalesce(
            Subquery(constats.annotate(n=compte).values("n"), output_field=IntegerField()),
            0,
        )
        for cle, compte in _agregats(suffixe="_a").items()
    }


def constats_a_date(constats: QuerySet[Constat], jour: date) -> QuerySet[Constat]:
    """Annotés `etat_a` et `suite_a` : ceux de la dernière ligne d'historique d'avant le soir de `jour` (les
    valeurs actuelles pour un constat dont l'historique commence plus tard)."""
    from datetime import datetime, time, timedelta

    limite = timezone.make_aware(datetime.combine(jour + timedelta(days=1), time.min))
    avant = (
        Constat.history.model.objects.filter(id=OuterRef("pk"), history_date__lt=limite)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
    )
    return constats.annotate(
        etat_a=Coalesce(Subquery(avant.values("etat")[:1], output_field=CharField()), F("etat")),
        suite_a=Coalesce(Subquery(avant.values("suite")[:1], output_field=CharField()), F("suite")),
    )


@dataclass
class LigneModule:
    module: str
    comptes: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.comptes.values())

    @property
    def valeurs(self) -> list[int]:
        return list(self.comptes.values())


def constats_par_module(audit: Audit) -> list[LigneModule]:
    """Une ligne par module (Module 1, Module 7…, puis Pilotage) avec ses comptes par nature."""
    lignes: dict[tuple[int, str], LigneModule] = {}
    natures = list(constats_par_nature(audit))
    for constat in audit.constats.select_related("module"):
        cle = _cle_module(constat)
        ligne = lignes.setdefault(cle, LigneModule(module=cle[1], comptes=dict.fromkeys(natures, 0)))
        ligne.comptes[constat.nature] = ligne.comptes.get(constat.nature, 0) + 1
    return [lignes[cle] for cle in sorted(lignes)]


@dataclass
class LigneTableau:
    numero: int
    module: str
    cellules: dict[str, list[Constat]]

    @property
    def points_sensibles(self) -> list[Constat]:
        return self.cellules.get(Nature.POINT_SENSIBLE, [])

    @property
    def pistes_progres(self) -> list[Constat]:
        return self.cellules.get(Nature.PISTE_PROGRES, [])

    @property
    def points_forts(self) -> list[Constat]:
        return self.cellules.get(Nature.POINT_FORT, [])

    @property
    def non_conformites(self) -> list[Constat]:
        return self.cellules.get(Nature.NC_MINEURE, []) + self.cellules.get(Nature.NC_MAJEURE, [])


def tableau_constats(audit: Audit) -> list[LigneTableau]:
    """Le tableau de l'auditeur : N° | Module | Points sensibles | Pistes de progrès | Points forts.

    Une ligne par N° ; les N° sans observation du tableau importé y figurent, cellules vides.
    """
    lignes: dict[int, LigneTableau] = {}
    for constat in constats_de(audit):
        ligne = lignes.setdefault(
            constat.numero, LigneTableau(numero=constat.numero, module=constat.libelle_portee, cellules={})
        )
        ligne.cellules.setdefault(constat.nature, []).append(constat)
    for vide in audit.lignes_vides or []:
        lignes.setdefault(vide["numero"], LigneTableau(numero=vide["numero"], module=vide["module"], cellules={}))
    return [lignes[numero] for numero in sorted(lignes)]


CLES_SUIVI = ("total", "avec_action", "sans_action", "bonne_pratique", "ouverts", "ouverts_a_traiter", "verifies")


def _agregats(prefixe: str = "", suffixe: str = "") -> dict[str, Count]:
    """Les comptes de constats par nature et par suite ; `prefixe` : « constats__ » depuis les audits ;
    `suffixe` : « _a » pour l'état et la suite à une date (constats_a_date)."""

    def nom(champ: str) -> str:
        base, _, reste = champ.partition("__")
        base += suffixe if base in ("suite", "etat") else ""
        return f"{prefixe}{base}" + (f"__{reste}" if reste else "")

    def compte(**filtre: str | Sequence[str]) -> Count:
        condition = Q(**{nom(champ): valeur for champ, valeur in filtre.items()}) if filtre else None
        return Count(f"{prefixe}pk", filter=condition)

    a_traiter = [n for n in Nature if n != Nature.POINT_FORT]
    return {
        **{nature.value: compte(nature=nature) for nature in Nature},
        "total": compte(),
        "avec_action": compte(suite=Suite.ACTION),
        "sans_action": compte(suite=Suite.SANS_ACTION),
        "bonne_pratique": compte(suite=Suite.BONNE_PRATIQUE),
        "ouverts": compte(etat=Etat.OUVERT),
        "ouverts_a_traiter": compte(etat=Etat.OUVERT, nature__in=a_traiter),
        "verifies": compte(etat=Etat.VERIFIE),
    }


def suivi_constats(audit: Audit) -> dict[str, int]:
    """Suite donnée aux constats : avec action, sans action justifiée, bonne pratique, encore ouverts."""
    comptes = audit.constats.aggregate(**_agregats())
    return {cle: comptes[cle] for cle in CLES_SUIVI}


@dataclass
class Comparaison:
    ancien: Audit
    recent: Audit
    natures: list[dict]
    modules: list[dict]
    resolus: list[Constat]
    ouverts: list[Constat]


def comparer_audits(ancien: Audit, recent: Audit) -> Comparaison:
    """Comptes par nature et par module des deux audits ; constats de l'ancien résolus ou encore ouverts."""
    if ancien.date_debut > recent.date_debut:
        ancien, recent = recent, ancien
    par_nature = (constats_par_nature(ancien), constats_par_nature(recent))
    natures = [
        {
            "libelle": Nature(nature).label,
            "ancien": par_nature[0].get(nature, 0),
            "recent": par_nature[1].get(nature, 0),
            "ecart": par_nature[1].get(nature, 0) - par_nature[0].get(nature, 0),
        }
        for nature in dict.fromkeys([*par_nature[0], *par_nature[1]])
    ]
    par_module = ({ligne.module: ligne.total for ligne in constats_par_module(a)} for a in (ancien, recent))
    avant, apres = par_module
    ordre = sorted(set(avant) | set(apres), key=lambda m: (m == PILOTAGE, len(m), m))
    modules = [
        {"libelle": m, "ancien": avant.get(m, 0), "recent": apres.get(m, 0), "ecart": apres.get(m, 0) - avant.get(m, 0)}
        for m in ordre
    ]
    constats = list(constats_de(ancien).a_traiter())
    return Comparaison(
        ancien=ancien,
        recent=recent,
        natures=natures,
        modules=modules,
        resolus=[c for c in constats if c.etat != Etat.OUVERT],
        ouverts=[c for c in constats if c.etat == Etat.OUVERT],
    )


def constats_ouverts(*, site: Site | None = None) -> ConstatQuerySet:
    """Les constats à traiter encore ouverts, pour la préparation de l'audit suivant."""
    constats = Constat.objects.ouverts().a_traiter().select_related("audit", "module", "engagement__module")
    if site is not None:
        constats = constats.filter(audit__site=site)
    return constats.order_by("-audit__date_debut", "numero", "nature")


def points_sensibles_ouverts(module: Module | None = None, engagement: Engagement | None = None) -> ConstatQuerySet:
    """Les constats encore ouverts (points sensibles, pistes, NC) d'un module ou d'un engagement.

    Branché sur la préparation d'audit du module engagements.
    """
    constats = constats_ouverts()
    if module is not None:
        constats = constats.filter(module=module)
    if engagement is not None:
        constats = constats.filter(engagement=engagement)
    return constats


def constats_pour_engagement(engagement: Engagement) -> ConstatQuerySet:
    return (
        Constat.objects.filter(engagement=engagement)
        .select_related("audit", "module")
        .order_by("-audit__date_debut", "numero")
    )


@dataclass(frozen=True)
class TriConstats:
    """Où en est le tri des constats d'un audit, vu depuis l'un d'eux (écran de tri : « constat suivant »)."""

    rang: int  # position du constat dans l'audit, à partir de 1
    total: int
    restants: int  # constats encore ouverts (suite à décider), celui-ci compris s'il l'est
    precedent: int | None  # pk du constat d'avant dans l'audit
    suivant: int | None  # pk du constat d'après dans l'audit
    suivant_a_trier: int | None  # pk du prochain constat ouvert (après celui-ci, sinon le premier depuis le début)


def tri_des_constats(constat: Constat) -> TriConstats:
    """En une requête : la place du constat parmi ceux de son audit (par numéro) et le prochain encore ouvert."""
    lignes = list(Constat.objects.filter(audit_id=constat.audit_id).order_by("numero", "pk").values_list("pk", "etat"))
    cles = [pk for pk, _ in lignes]
    index = cles.index(constat.pk)
    ouverts = [pk for pk, etat in lignes if etat == Etat.OUVERT]
    apres = [pk for pk in ouverts if cles.index(pk) > index]
    avant = [pk for pk in ouverts if cles.index(pk) < index]
    return TriConstats(
        rang=index + 1,
        total=len(cles),
        restants=len(ouverts),
        precedent=cles[index - 1] if index > 0 else None,
        suivant=cles[index + 1] if index + 1 < len(cles) else None,
        suivant_a_trier=(apres or avant or [None])[0],
    )


def premier_constat_a_trier(tableau: Sequence[LigneTableau]) -> Constat | None:
    """Le premier constat encore ouvert du tableau de l'auditeur (lu sans requête de plus)."""
    ouverts = [
        constat
        for ligne in tableau
        for constats in ligne.cellules.values()
        for constat in constats
        if constat.etat == Etat.OUVERT
    ]
    return min(ouverts, key=lambda constat: (constat.numero, constat.pk), default=None)
