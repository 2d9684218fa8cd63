"""Le contenu du bilan : chaque chiffre vient des selectors des applications de domaine.

`contenu_bilan(annee, edition)` rassemble ce que les gabarits `bilan/pdf/*.html` affichent.
L'édition CLU (publique) ne reçoit ni nom de personne ni commentaire interne : ils ne sont
pas seulement masqués dans le gabarit, ils ne sont pas transmis.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from audits import selectors as audits_selectors
from engagements import selectors as engagements_selectors
from enquetes import selectors as enquetes_selectors
from indicateurs import selectors as indicateurs_selectors
from indicateurs.graphiques import graphique_mensuel, graphique_pluriannuel
from organisation import selectors as organisation_selectors
from organisation.acces import correspondants_actifs, est_correspondant, est_membre_copil, est_referent_qualite
from organisation.models import Utilisateur
from plan_actions import selectors as plan_selectors
from qualite import graphiques
from qualite.annees import date_reference
from qualite.identite import identite

from .models import Edition, Narratif

COMMENTAIRE_DEMO = "donnée de démonstration"
CHAPITRES = [
    ("introduction", "Introduction"),
    ("organisation", "1. L'organisation des services"),
    ("demarche", "2. La mise en œuvre de la démarche qualité"),
    ("engagements", "3. Nos engagements"),
    ("audit", "4. Les résultats de l'audit"),
    ("plan-actions", "5. Le plan d'actions"),
    ("indicateurs", "6. Les indicateurs de qualité de service"),
    ("enquetes", "7. Les enquêtes"),
    ("ecoute", "8. L'écoute des usagers"),
    ("perennisation", "9. Les modalités de pérennisation de la démarche"),
    ("perspectives", "Perspectives"),
]


@dataclass
class BlocIndicateur:
    ligne: indicateurs_selectors.LigneIndicateur
    annee_precedente: str
    graphique: graphiques.Graphique | None
    commentaires: list[str] = field(default_factory=list)
    graphique_annees: graphiques.Graphique | None = None


def titre_document(annee: int, edition: str) -> str:
    libelle = "édition COPIL" if edition == Edition.COPIL else "édition du comité local des usagers"
    nom = identite(fraiche=True).nom
    return f"Bilan qualité {annee}{f' — {nom}' if nom else ''} ({libelle})"


def date_organisation(annee: int) -> datetime.date | None:
    """La dernière date d'effectifs connue au plus tard le 31 décembre de l'année (sinon la plus ancienne)."""
    dates = organisation_selectors.dates_effectifs()
    fin = datetime.date(annee, 12, 31)
    return next((d for d in dates if d <= fin), dates[-1] if dates else None)


def blocs_indicateurs(annee: int, *, complet: bool) -> list[BlocIndicateur]:
    blocs = []
    for ligne in indicateurs_selectors.tableau_indicateurs(annee):
        indicateur = ligne.indicateur
        if ligne.valeur is None and ligne.valeur_precedente is None:
            continue
        mesures = getattr(indicateur, "mesures_chargees", [])
        precedente = indicateurs_selectors.valeur_periode(indicateur, annee - 1, mesures=mesures)
        serie = indicateurs_selectors.serie_mensuelle(indicateur, annee) if any(m.mois for m in mesures) else []
        # Pas de graphique vide dans le bilan : il faut au moins un mois mesuré en N ou en N-1.
        mesure = any(p.valeur is not None or p.valeur_precedente is not None for p in serie)
        graphique = graphique_mensuel(ligne, serie) if mesure else None
        commentaires = []
        if complet:
            vus = set()
            for mesure in sorted(mesures, key=lambda m: (m.annee, m.trimestre, m.mois)):
                texte = mesure.commentaire.strip()
                if mesure.annee == annee and texte and texte != COMMENTAIRE_DEMO and texte not in vus:
                    vus.add(texte)
                    commentaires.append(texte)
        blocs.append(
            BlocIndicateur(
                ligne=ligne,
                annee_precedente=indicateurs_selectors.formater(indicateur, precedente.valeur),
                graphique=graphique,
                commentaires=commentaires,
                graphique_annees=graphique_pluriannuel(ligne),
            )
        )
    return blocs


def enquetes(annee: int) -> dict:
    """Chapitre « Enquêtes » : satisfaction (tableau comparatif), mentions littérales, enquêtes mystères."""
    synthese = enquetes_selectors.synthese_satisfaction(annee)
    mentions = enquetes_selectors.mentions_litterales(annee)
    return {
        "synthese": synthese,
        "groupes": enquetes_selectors.par_theme(synthese.lignes) if synthese else [],
        "mentions": mentions,
        "total_mentions": sum(mention.nombre for mention in mentions),
        "mysteres": enquetes_selectors.enquetes_mysteres(annee),
    }


def registre_ecoute(annee: int) -> dict:
    """Le registre des réclamations, suggestions et expériences JDMA de l'année, et les réclamations par objet."""
    return {
        "chiffres": enquetes_selectors.chiffres_ecoute(annee),
        "par_objet": enquetes_selectors.registre_par_objet(annee),
    }


def ecoute_des_usagers(date_reference: datetime.date | None = None) -> list[dict]:
    """Les actions nées de l'écoute des usagers (réclamations et JDMA, enquêtes, comité local), par statut, à la
    date de référence."""
    from plan_actions.models import Origine

    lignes = []
    for origine in (Origine.RECLAMATION, Origine.ENQUETE, Origine.CLU):
        actions = plan_selectors.actions_filtrees({"origine": origine}, date_reference=date_reference)
        comptes = plan_selectors.comptes_par_statut(actions)
        lignes.append({"libelle": origine.label, "comptes": comptes, "total": sum(c["nombre"] for c in comptes)})
    return lignes


def _pilotage(*, complet: bool) -> dict:
    if not complet:
        return {}
    comptes = Utilisateur.objects.filter(is_active=True).prefetch_related("services").order_by("last_name")
    return {
        "referents": [u for u in comptes if est_referent_qualite(u)],
        "membres_copil": [u for u in comptes if est_membre_copil(u)],
        "correspondants": [u for u in comptes if est_correspondant(u)],
    }


def contenu_bilan(annee: int, edition: str, *, aujourdhui: datetime.date | None = None) -> dict:
    """Le bilan de l'année : ce qui était vrai le 31/12 (aujourd'hui pour l'année en cours), lu dans les
    selectors de chaque application à cette date de référence."""
    complet = edition == Edition.COPIL
    jour = date_reference(annee, aujourdhui)
    site = organisation_selectors.site_principal()
    narratif = Narratif.objects.filter(annee=annee).first() or Narratif(annee=annee)

    perimetre = engagements_selectors.perimetre_en_cours(site=site, date_reference=jour) if site else None
    engagements = list(engagements_selectors.engagements_du_perimetre(perimetre))

    audit, par_nature, suivi = audits_selectors.dernier_audit_et_comptes(site, date_reference=jour)

    exemples = plan_selectors.actions_exemples_en_cours(4, date_reference=jour)
    en_retard = plan_selectors.telles_qu_a_date(plan_selectors.actions_en_retard(jour)[:10])
    journaux = {}
    if complet:
        for action in exemples + en_retard:
            journaux[action.pk] = plan_selectors.dernier_commentaire(action, date_reference=jour)

    premiere_annee = plan_selectors.premiere_annee_actions(date_reference=jour) or annee
    organisation = organisation_selectors.organisation_a_date(date_organisation(annee))
    if complet:
        correspondants: dict[int, list[str]] = {}
        for utilisateur in correspondants_actifs().prefetch_related("services"):
            for service in utilisateur.services.all():
                correspondants.setdefault(service.pk, []).append(str(utilisateur))
        for noeud in organisation.lignes:
            noeud.correspondants = correspondants.get(noeud.service.pk, [])
    return {
        "annee": annee,
        "edition": edition,
        "complet": complet,
        "titre": titre_document(annee, edition),
        "prefecture": identite(fraiche=True),
        "chapitres": CHAPITRES,
        "narratif": narratif,
        "organisation": organisation,
        "site": site,
        "historique": engagements_selectors.historique_label(site=site, date_reference=jour) if site else [],
        "cycle": engagements_selectors.cycle_en_cours(site=site, date_reference=jour) if site else None,
        "perimetre": perimetre,
        "engagements": engagements,
        "changements_referentiel": engagements_selectors.migrations_de_l_annee(annee, date_reference=jour),
        "pilotage": _pilotage(complet=complet),
        "audit": audit,
        "tableau_constats": audits_selectors.tableau_constats(audit) if audit else [],
        "constats_par_module": audits_selectors.constats_par_module(audit) if audit else [],
        "constats_par_nature": par_nature,
        "suivi_constats": suivi,
        "premiere_annee": premiere_annee,
        "total_actions": plan_selectors.total_actions_depuis(premiere_annee, date_reference=jour),
        "actions_par_statut": plan_selectors.actions_par_statut(date_reference=jour),
        "actions_realisees": plan_selectors.telles_qu_a_date(
            plan_selectors.actions_realisees(annee, date_reference=jour)
        ),
        "actions_exemples": exemples,
        "actions_en_retard": en_retard,
        "date_retard": jour,
        "journaux": journaux,
        "indicateurs": blocs_indicateurs(annee, complet=complet),
        "enquetes": enquetes(annee),
        "ecoute": ecoute_des_usagers(jour),
        "registre": registre_ecoute(annee),
        "genere_le": timezone.localtime(),
    }
