"""Lectures du pilotage : le tableau de bord, les prochaines séances, les résultats publiés.

Chaque chiffre du tableau de bord vient du selector de l'application qui le définit et porte
l'URL de la liste filtrée qui montre le même nombre. Le nombre de requêtes est fixe.
"""

import dataclasses
import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from audits import selectors as audits_selectors
from audits.models import Audit, Nature
from engagements import selectors as engagements_selectors
from engagements.models import CycleLabel, Module
from enquetes import selectors as enquetes_selectors
from indicateurs import calculs
from indicateurs import selectors as indicateurs_selectors
from indicateurs.models import Indicateur, Mesure
from organisation.models import Site, Utilisateur
from plan_actions import selectors as plan_selectors
from plan_actions.models import STATUTS_OUVERTS, Action, Statut
from qualite import versions
from qualite.annees import date_reference

from . import acces
from .models import Instance, PublicationTrimestrielle, TypeInstance

CODE_APPELS_MYSTERES = "appels_mysteres_positifs"
# La version des données que lit le tableau de bord (voir `PilotageConfig.ready` et `qualite.versions`).
VERSION_TABLEAU = "tableau_de_bord"
APPLICATIONS_LUES = ("organisation", "engagements", "plan_actions", "audits", "indicateurs", "enquetes", "pilotage")
# Les tableaux de bord calculés (quelques années, quelques jours), gardés par chaque processus.
MEMOIRE_TABLEAU = versions.Memoire(taille=8)
# Le rendu HTML des sections du tableau (cache de gabarit), sous la même clé ; la clé change avec les données.
DUREE_RENDU = 3600


@dataclass(frozen=True)
class Chiffre:
    """Un chiffre du tableau de bord et la page filtrée qui montre le même nombre."""

    libelle: str
    nombre: int
    url: str


@functools.lru_cache(maxsize=8)
def _url_liste_plan(prefixe: str) -> str:
    """L'adresse de la liste des actions, calculée une fois par préfixe d'URL (le tableau en fait une centaine)."""
    return reverse("plan_actions:liste")


def url_plan(**filtres: str | int) -> str:
    base = _url_liste_plan(get_script_prefix())
    return f"{base}?{urlencode(filtres)}" if filtres else base


@dataclass
class PlanDActions:
    par_statut: list[Chiffre]
    total: Chiffre
    ouvertes: Chiffre
    en_retard: Chiffre
    realisees: Chiffre
    par_module: list[dict]
    par_service: list[dict]
    # Les années de création des actions (sélecteur d'année), lues dans la même requête que les comptes.
    annees: list[int] = field(default_factory=list)
    # Une année close : le jour de sa clôture (ses chiffres sont ceux figés ce jour-là).
    close_le: datetime.date | None = None

    @property
    def resume(self) -> list[Chiffre]:
        return [self.total, self.ouvertes, self.en_retard, self.realisees]


@dataclass
class TableauDeBord:
    annee: int
    aujourdhui: datetime.date
    site: Site | None
    cycle: CycleLabel | None
    prochaine_echeance: engagements_selectors.ProchaineEcheance | None
    indicateurs: list[indicateurs_selectors.LigneIndicateur]
    comptes_indicateurs: dict[str, int]
    plan: PlanDActions
    audit: Audit | None
    constats_par_nature: list[Chiffre]
    suivi_constats: dict[str, int]
    enquetes: list[indicateurs_selectors.LigneIndicateur]
    satisfaction: enquetes_selectors.SyntheseSatisfaction | None
    prochaines_instances: dict[str, Instance | None]
    mes_actions: dict | None = None
    notes: list[str] = field(default_factory=list)
    modules_perimetre: list[Module] = field(default_factory=list)
    # La clé du tableau gardé (jeton des données, année, jour) : le gabarit y garde aussi son rendu ; « » : rien
    # n'est gardé (cache désactivé), `duree_cache` vaut alors 0.
    cle: str = ""

    @property
    def duree_cache(self) -> int:
        return DUREE_RENDU if self.cle else 0


def _plan(annee: int, aujourdhui: datetime.date) -> PlanDActions:
    """Les chiffres du plan au jour `aujourdhui` (date de référence), lus par `plan_actions.selectors.chiffres_du_plan`
    (ceux des listes filtrées de plan_actions) : une requête pour une année close (chiffres gardés à la clôture), trois
    sinon (comptes groupés par service, modules), puis les noms des modules. Pour un jour passé, chaque lien porte
    `au=` : la liste montre le même nombre."""
    chiffres = plan_selectors.chiffres_du_plan(aujourdhui, realisees_en=annee)
    comptes = chiffres.comptes
    au = {"au": jour.isoformat()} if (jour := plan_selectors.passee(aujourdhui)) else {}

    def url(**filtres: str | int) -> str:
        return url_plan(**filtres, **au)

    # `get` : une année close garde les comptes des statuts de sa clôture (un statut ajouté depuis y vaut 0).
    par_statut = [Chiffre(statut.label, comptes.get(statut.value, 0), url(statut=statut.value)) for statut in Statut]
    return PlanDActions(
        par_statut=par_statut,
        total=Chiffre("Actions du plan", sum(c.nombre for c in par_statut), url()),
        ouvertes=Chiffre("Actions ouvertes", comptes["ouvertes"], url(statut="ouvertes")),
        en_retard=Chiffre("Actions en retard", comptes["en_retard"], url(en_retard=1)),
        realisees=Chiffre(f"Actions réalisées en {annee}", comptes["realisees"], url(realisee_en=annee)),
        par_module=_par_module(chiffres.par_module, au),
        par_service=_par_service(chiffres.par_service, au),
        annees=plan_selectors.annees_entre(chiffres.premiere_creation, chiffres.derniere_creation),
        close_le=chiffres.close_le,
    )


def _par_module(comptes: dict[int, tuple[int, int]], au: dict[str, str]) -> list[dict]:
    """Actions liées à chaque module (directement ou par un engagement), comme le filtre `module` de la liste :
    les comptes de `chiffres_du_plan`, puis les modules (une requête)."""
    modules = (
        Module.objects.filter(pk__in=list(comptes))
        .select_related("referentiel")
        .order_by("referentiel__titre", "numero")
    )
    return [
        {
            "module": module,
            "total": Chiffre(str(module), comptes[module.pk][0], url_plan(module=module.pk, **au)),
            "ouvertes": Chiffre("ouvertes", comptes[module.pk][1], url_plan(module=module.pk, statut="ouvertes", **au)),
        }
        for module in modules
    ]


def _par_service(lignes: list[dict], au: dict[str, str]) -> list[dict]:
    return [
        {
            "service": ligne["service"],
            "total": Chiffre(str(ligne["service"]), ligne["nombre"], url_plan(service=ligne["service_id"], **au)),
            "ouvertes": Chiffre(
                "ouvertes", ligne["ouvertes"], url_plan(service=ligne["service_id"], statut="ouvertes", **au)
            ),
            "en_retard": Chiffre(
                "en retard", ligne["en_retard"], url_plan(service=ligne["service_id"], en_retard=1, **au)
            ),
        }
        for ligne in lignes
    ]


def _mes_actions(utilisateur: Utilisateur, aujourdhui: datetime.date) -> dict:
    actions = Action.objects.filter(service_pilote__in=utilisateur.services.all())
    ouvertes = actions.filter(statut__in=STATUTS_OUVERTS)
    return {
        "ouvertes": ouvertes.count(),
        "en_retard": ouvertes.filter(echeance__lt=aujourdhui).count(),
        "url": reverse("plan_actions:mes_actions"),
    }


def prochaines_instances(
    n: int = 4, *, aujourdhui: datetime.date | None = None, type: str | None = None
) -> list[Instance]:
    """Les `n` prochaines séances planifiées (COPIL et CLU), de la plus proche à la plus lointaine."""
    from django.utils import timezone

    instances = Instance.objects.a_venir(aujourdhui or timezone.localdate())
    if type:
        instances = instances.filter(type=type)
    return list(instances[:n])


def _prochaine_par_type(aujourdhui: datetime.date) -> dict[str, Instance | None]:
    """La prochaine séance de chaque type (une requête)."""
    resultat: dict[str, Instance | None] = dict.fromkeys(TypeInstance.values)
    for instance in Instance.objects.a_venir(aujourdhui):
        if resultat.get(instance.type) is None:
            resultat[instance.type] = instance
        if all(resultat.values()):
            break
    return resultat


def tableau_de_bord(
    annee: int | None, aujourdhui: datetime.date, utilisateur: Utilisateur | None = None
) -> TableauDeBord:
    """Tout le tableau de bord du référent et du COPIL, en un nombre fixe de requêtes (≤ 15).

    Une année demandée se lit à sa date de référence (`qualite.annees.date_reference` : le 31/12, aujourd'hui pour
    l'année en cours) : cycle, prochain audit, dernier audit et plan d'actions tels qu'ils étaient ce jour-là.

    - label : cycle en cours du site préfecture, prochain audit et compte à rebours ;
    - indicateurs : `indicateurs.selectors.tableau_indicateurs(annee)` (valeur, même période N-1, statut) ;
    - plan d'actions : par statut, ouvertes, en retard, réalisées dans l'année, par module et par service ;
    - dernier audit : constats par nature et suite donnée ;
    - enquêtes : indicateur des appels mystères ;
    - prochaines séances du COPIL et du CLU ;
    - pour un correspondant : ses actions ouvertes et en retard.
    """
    mes_actions = (
        _mes_actions(utilisateur, aujourdhui)
        if utilisateur is not None and acces.voit_ses_actions(utilisateur)
        else None
    )
    if not versions.actif():
        return _tableau_commun(annee, aujourdhui, mes_actions)
    # Gardé par année et par jour, sous le jeton des données lues : une écriture change le jeton, la lecture
    # suivante recalcule (une requête de plus, indexée). Les actions du correspondant sont toujours lues.
    cle = ":".join(
        ["pilotage:tableau", versions.version(VERSION_TABLEAU), str(annee), aujourdhui.isoformat(), get_script_prefix()]
    )
    tableau = MEMOIRE_TABLEAU.obtenir(cle, lambda: _tableau_commun(annee, aujourdhui, None))
    return dataclasses.replace(tableau, mes_actions=mes_actions, cle=cle)


def _tableau_commun(annee: int | None, aujourdhui: datetime.date, mes_actions: dict | None) -> TableauDeBord:
    """Le tableau de bord, calculé (ce qui ne dépend pas de l'utilisateur)."""
    jour = date_reference(annee, aujourdhui) if annee is not None else aujourdhui
    site, cycle = engagements_selectors.site_et_cycle_principal(jour)
    echeance = (
        engagements_selectors.prochaine_echeance(site=site, aujourdhui=jour, cycle=cycle) if site and cycle else None
    )
    if annee is None:  # la dernière année mesurée, lue avec les mesures (pas de requête de plus)
        annee, lignes = indicateurs_selectors.tableau_de_la_derniere_annee(aujourdhui)
    else:
        lignes = indicateurs_selectors.tableau_indicateurs(annee)
    comptes_indicateurs = {statut: 0 for statut in calculs.LIBELLES_STATUT}
    for ligne in lignes:
        comptes_indicateurs[ligne.statut] = comptes_indicateurs.get(ligne.statut, 0) + 1
    audit, natures, suivi = audits_selectors.dernier_audit_et_comptes(site, date_reference=jour)
    par_nature = []
    if audit is not None:
        url_audit = reverse("audits:audit_detail", args=[audit.pk])
        par_nature = [Chiffre(Nature(nature).label, nombre, url_audit) for nature, nombre in natures.items()]
    return TableauDeBord(
        annee=annee,
        aujourdhui=aujourdhui,
        site=site,
        cycle=cycle,
        modules_perimetre=engagements_selectors.modules_du_perimetre(cycle=cycle, date_reference=jour) if cycle else [],
        prochaine_echeance=echeance,
        indicateurs=lignes,
        comptes_indicateurs=comptes_indicateurs,
        plan=_plan(annee, jour),
        audit=audit,
        constats_par_nature=par_nature,
        suivi_constats=suivi,
        enquetes=[ligne for ligne in lignes if ligne.indicateur.code == CODE_APPELS_MYSTERES],
        satisfaction=enquetes_selectors.synthese_satisfaction(annee),
        prochaines_instances=_prochaine_par_type(jour),
        mes_actions=mes_actions,
    )


# Transparence


@dataclass(frozen=True)
class ResultatPublie:
    indicateur: Indicateur
    valeur: Decimal | None
    valeur_texte: str
    cible_texte: str
    statut: str
    libelle_statut: str
    provisoire: bool


@dataclass
class Publication:
    publication: PublicationTrimestrielle
    resultats: list[ResultatPublie]

    @property
    def titre(self) -> str:
        return f"Résultats du {self.publication.trimestre}e trimestre {self.publication.annee}".replace(
            "1e trimestre", "1er trimestre"
        )


def _cible_texte(indicateur: Indicateur) -> str:
    if indicateur.cible is None or not indicateur.sens:
        return "—"
    signe = "≤" if indicateur.sens == "max" else "≥"
    return f"{signe} {indicateurs_selectors.formater(indicateur, indicateur.cible)}"


def mesures_du_trimestre(mesures: Iterable[Mesure], trimestre: int) -> list[Mesure]:
    """Les mesures mensuelles du trimestre, ou la mesure trimestrielle elle-même."""
    mois = range(3 * trimestre - 2, 3 * trimestre + 1)
    return [m for m in mesures if m.mois in mois or (not m.mois and m.trimestre == trimestre)]


def resultat_trimestre(
    indicateur: Indicateur, annee: int, trimestre: int, mesures: list[Mesure] | None = None
) -> ResultatPublie:
    """La valeur du trimestre, calculée par `indicateurs.selectors.valeur_periode` (une seule définition)."""
    if mesures is None:
        mesures = list(indicateur.mesures.filter(annee=annee))
    valeur = indicateurs_selectors.valeur_periode(
        indicateur, annee, jusqu_au_mois=3 * trimestre, mesures=mesures_du_trimestre(mesures, trimestre)
    )
    statut = calculs.statut(
        valeur.valeur, sens=indicateur.sens, cible=indicateur.cible, seuil_alerte=indicateur.seuil_alerte
    )
    return ResultatPublie(
        indicateur=indicateur,
        valeur=valeur.valeur,
        valeur_texte=indicateurs_selectors.formater(indicateur, valeur.valeur),
        cible_texte=_cible_texte(indicateur),
        statut=statut,
        libelle_statut=calculs.LIBELLES_STATUT[statut],
        provisoire=valeur.provisoire,
    )


def _avec_indicateurs(publications: QuerySet[PublicationTrimestrielle]) -> QuerySet[PublicationTrimestrielle]:
    return publications.select_related("site", "validee_par").prefetch_related(
        Prefetch(
            "indicateurs",
            queryset=Indicateur.objects.order_by("ordre", "libelle").prefetch_related("mesures"),
        )
    )


def publication_trimestre(publication: PublicationTrimestrielle) -> Publication:
    """Les résultats d'une publication (indicateurs choisis et valeur du trimestre)."""
    publication = _avec_indicateurs(PublicationTrimestrielle.objects.filter(pk=publication.pk)).get()
    return _assembler(publication)


def _assembler(publication: PublicationTrimestrielle) -> Publication:
    resultats = []
    for indicateur in publication.indicateurs.all():
        mesures = [m for m in indicateur.mesures.all() if m.annee == publication.annee]
        resultats.append(resultat_trimestre(indicateur, publication.annee, publication.trimestre, mesures))
    return Publication(publication=publication, resultats=resultats)


def publications_validees() -> list[Publication]:
    """Toutes les publications validées, la plus récente d'abord (nombre de requêtes fixe)."""
    return [_assembler(p) for p in _avec_indicateurs(PublicationTrimestrielle.objects.validees())]


def publications_a_gerer() -> QuerySet[PublicationTrimestrielle]:
    return PublicationTrimestrielle.objects.select_related("site", "validee_par").prefetch_related("indicateurs")


SENS_OPEN_DATA = {"max": "maximum", "min": "minimum"}


def lignes_open_data() -> list[dict]:
    """Les lignes du CSV open data, à la forme de Services Publics+ : code de la structure, structure,
    indicateur, valeur, fréquence, date de mise à jour, puis la cible et son sens (maximum : la valeur doit rester
    en dessous ; minimum : l'atteindre au moins). Trimestres validés seulement."""
    lignes = []
    for publication in publications_validees():
        site = publication.publication.site
        validee_le = publication.publication.validee_le
        for resultat in publication.resultats:
            indicateur = resultat.indicateur
            lignes.append(
                {
                    "code_structure": site.code_structure,
                    "structure": site.nom,
                    "code_indicateur": indicateur.code,
                    "indicateur": indicateur.libelle,
                    "valeur": "" if resultat.valeur is None else str(resultat.valeur).replace(".", ","),
                    "unite": indicateur.unite,
                    "periode": publication.publication.periode,
                    "frequence": "trimestrielle",
                    "date_mise_a_jour": timezone.localtime(validee_le).date().isoformat() if validee_le else "",
                    "cible": "" if indicateur.cible is None else str(indicateur.cible).replace(".", ","),
                    "sens_cible": SENS_OPEN_DATA.get(indicateur.sens, ""),
                }
            )
    return lignes
