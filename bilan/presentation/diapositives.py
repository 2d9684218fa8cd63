"""Les diapositives, une fonction par point de l'ordre du jour : chacune lit le contenu du bilan
(`bilan.contenu.contenu_bilan`, le dictionnaire `c`) et renvoie ses diapositives ; rien d'autre n'est lu en base.

Une diapositive est décrite une fois (titre, chiffres clés, paragraphes, puces, tableau, graphique, notes de
l'orateur) puis rendue en PPTX (`powerpoint.py`) ou en PDF 16:9 (`pdf.py`).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from plan_actions.models import Action
from qualite import formatage, graphiques

NATURES = {
    "point_sensible": "Points sensibles",
    "piste_progres": "Pistes de progrès",
    "point_fort": "Points forts",
    "nc_mineure": "Non-conformités mineures",
    "nc_majeure": "Non-conformités majeures",
}
CONSTATS_PAR_DIAPOSITIVE = 6
ACTIONS_PAR_DIAPOSITIVE = 5
CARACTERES_PAR_DIAPOSITIVE = 900


@dataclass
class Tableau:
    titre: str
    entetes: list[str]
    lignes: list[list[str]]
    # Largeurs relatives des colonnes (la somme importe peu) ; vide : colonnes égales.
    largeurs: list[float] = field(default_factory=list)


@dataclass
class Diapositive:
    cle: str
    titre: str
    sous_titre: str = ""
    chiffres: list[tuple[str, str]] = field(default_factory=list)
    paragraphes: list[str] = field(default_factory=list)
    puces: list[str] = field(default_factory=list)
    tableau: Tableau | None = None
    graphique: graphiques.Graphique | None = None
    notes: str = ""
    couverture: bool = False


@dataclass
class Presentation:
    annee: int
    edition: str
    titre: str
    sous_titre: str
    bloc_marque: tuple[str, ...]
    auteur: str
    diapositives: list[Diapositive]


def _date(jour: datetime.date | None) -> str:
    return jour.strftime("%d/%m/%Y") if jour else "—"


def _paragraphes(texte: str) -> list[str]:
    return [morceau.strip().replace("\n", " ") for morceau in texte.split("\n\n") if morceau.strip()]


def _par_paquets(elements: Sequence, *, taille: int, caracteres: int, longueur: Callable[[Any], int]) -> list[list]:
    """Découpe en paquets d'au plus `taille` éléments et d'environ `caracteres` caractères (une diapositive)."""
    paquets: list[list] = []
    courant: list = []
    total = 0
    for element in elements:
        if courant and (len(courant) >= taille or total + longueur(element) > caracteres):
            paquets.append(courant)
            courant, total = [], 0
        courant.append(element)
        total += longueur(element)
    if courant:
        paquets.append(courant)
    return paquets


def _suite(numero: int, total: int) -> str:
    return f" ({numero}/{total})" if total > 1 else ""


def _label(c: dict) -> list[Diapositive]:
    annee = c["annee"]
    lignes = []
    for evenement in c["historique"]:
        if evenement.precision == "annee":
            quand = evenement.date.strftime("%Y")
        elif evenement.precision == "mois":
            quand = evenement.date.strftime("%m/%Y")
        else:
            quand = _date(evenement.date)
        libelle = evenement.libelle + (f" ({evenement.remarque})" if evenement.remarque else "")
        lignes.append([quand, libelle, evenement.referentiel or "—"])
    puces = []
    perimetre, cycle = c["perimetre"], c["cycle"]
    if perimetre is not None:
        modules = ", ".join(str(module) for module in perimetre.modules.all())
        puces.append(f"Périmètre {perimetre.cycle.referentiel} : {modules or 'aucun module'}")
    if cycle is not None:
        if cycle.date_obtention:
            puces.append(f"Label obtenu le {_date(cycle.date_obtention)}")
        if cycle.date_fin_validite:
            puces.append(f"Valable jusqu'au {_date(cycle.date_fin_validite)}")
    prochain = c["prochain_audit"]
    if prochain is not None:
        echeance = prochain.echeance
        quand = echeance.date_prevue.strftime("%m/%Y") if echeance.precision_mois else _date(echeance.date_prevue)
        puces.append(f"Prochain audit : {echeance.get_type_display().lower()} prévu {quand}")
    else:
        puces.append("Prochain audit : aucun audit prévu n'est enregistré")
    return [
        Diapositive(
            cle="label",
            titre="Le label",
            sous_titre=f"Historique de la démarche et périmètre au 31/12/{annee}",
            puces=puces,
            tableau=Tableau(
                "Les étapes de la démarche qualité", ["Date", "Événement", "Référentiel"], lignes, [1, 4, 1.4]
            )
            if lignes
            else None,
            notes=(
                "Historique : les événements du label enregistrés pour le site principal jusqu'à la date de "
                f"référence (31/12/{annee}). Périmètre : les modules présentés à l'auditeur dans le cycle en cours. "
                "Prochain audit : le premier audit prévu du cycle qui n'avait pas eu lieu à cette date."
            ),
        )
    ]


def _audit(c: dict) -> list[Diapositive]:
    audit = c["audit"]
    if audit is None:
        return [
            Diapositive(
                cle="audit",
                titre="Le dernier audit",
                paragraphes=[f"Aucun audit n'a eu lieu au plus tard en {c['annee']}."],
            )
        ]
    par_nature = c["constats_par_nature"]
    total = c["suivi_constats"].get("total", sum(par_nature.values()))
    natures = [(NATURES.get(nature, nature), nombre) for nature, nombre in par_nature.items()]
    graphique = graphiques.graphique_barres(
        identifiant=f"diapo-constats-{audit.pk}",
        titre="Constats par nature",
        description="Histogramme du nombre de constats par nature : "
        + " ; ".join(f"{libelle} : {nombre}" for libelle, nombre in natures)
        + ".",
        categories=[libelle for libelle, _ in natures],
        series=[graphiques.Serie("Constats", [Decimal(nombre) for _, nombre in natures])],
    )
    entete = f"{audit.get_type_display()} ({audit.libelle_date})"
    if audit.organisme:
        entete += f", réalisé par {audit.organisme}"
    if c["complet"] and audit.auditeurs:
        entete += f" ({audit.auditeurs})"
    suivi = c["suivi_constats"]
    puces = [f"{total} constat{'s' if total > 1 else ''} : " + ", ".join(f"{n} {lib.lower()}" for lib, n in natures)]
    if suivi.get("total"):
        traites = formatage.accord(suivi["avec_action"], "traité", "traités")
        puces.append(f"{traites} par une action du plan, {suivi['ouverts_a_traiter']} à traiter")
    notes = (
        "Constats de l'auditeur : point sensible (faiblesse à corriger), piste de progrès (amélioration à "
        "envisager), point fort. Le nombre par nature est celui du rapport du dernier audit réalisé au plus tard "
        f"le 31/12/{c['annee']}."
    )
    if c["complet"] and audit.commentaire:
        notes += f"\n\nCommentaire interne : {audit.commentaire}"
    diapositives = [
        Diapositive(
            cle="audit",
            titre="Le dernier audit",
            sous_titre=entete,
            chiffres=[(libelle, str(nombre)) for libelle, nombre in natures],
            puces=puces,
            graphique=graphique,
            notes=notes,
        )
    ]
    constats = []
    for ligne in c["tableau_constats"]:
        for nature, liste in ligne.cellules.items():
            for constat in liste:
                constats.append([str(ligne.numero), ligne.module, NATURES.get(nature, nature), constat.texte])
    paquets = _par_paquets(
        constats, taille=CONSTATS_PAR_DIAPOSITIVE, caracteres=CARACTERES_PAR_DIAPOSITIVE, longueur=lambda r: len(r[3])
    )
    for numero, paquet in enumerate(paquets, start=1):
        diapositives.append(
            Diapositive(
                cle="audit",
                titre=f"Le tableau de l'auditeur{_suite(numero, len(paquets))}",
                sous_titre=entete,
                tableau=Tableau(
                    "Constats de l'audit", ["N°", "Module", "Nature", "Constat"], paquet, [0.5, 1.2, 1.4, 7]
                ),
                notes="Le tableau de l'auditeur, constat par constat, dans l'ordre du rapport.",
            )
        )
    return diapositives


def _ligne_action(action: Action, c: dict) -> list[str]:
    ligne = [
        action.reference,
        action.intitule,
        str(action.service_pilote or "—"),
        _date(action.echeance),
        action.get_statut_display() + (f" ({action.avancement} %)" if action.avancement else ""),
    ]
    if c["complet"]:
        noms = ", ".join(str(personne) for personne in action.responsables.all()) or action.responsable_nom
        commentaire = c["journaux"].get(action.pk) or ""
        ligne.append(noms + (f" — « {commentaire} »" if commentaire else "") or "—")
    return ligne


def _plan(c: dict) -> list[Diapositive]:
    annee = c["annee"]
    statuts = c["actions_par_statut"]
    graphique = graphiques.graphique_barres(
        identifiant=f"diapo-actions-{annee}",
        titre="Actions par statut",
        description="Histogramme du nombre d'actions par statut : "
        + " ; ".join(f"{ligne['libelle']} : {ligne['nombre']}" for ligne in statuts)
        + ".",
        categories=[ligne["libelle"] for ligne in statuts],
        series=[graphiques.Serie("Actions", [Decimal(ligne["nombre"]) for ligne in statuts])],
    )
    total = formatage.nombre(c["total_actions"])
    entetes = ["N°", "Action", "Service pilote", "Échéance", "Statut"]
    largeurs = [1, 5, 2.4, 1.3, 1.5]
    if c["complet"]:
        entetes.append("Responsables, dernier commentaire (interne)")
        largeurs = [1, 4, 2, 1.2, 1.4, 2.6]
    diapositives = [
        Diapositive(
            cle="plan_actions",
            titre="Le plan d'actions",
            sous_titre=f"Depuis {c['premiere_annee']}, au 31/12/{annee}",
            chiffres=[
                ("Actions inscrites", f"{total} actions"),
                ("Réalisées en " + str(annee), str(len(c["actions_realisees"]))),
            ],
            tableau=Tableau(
                "Actions par statut",
                ["Statut", "Actions"],
                [[li["libelle"], formatage.nombre(li["nombre"])] for li in statuts],
                [3, 1],
            ),
            graphique=graphique,
            notes=(
                f"Total : toutes les actions inscrites au plan depuis {c['premiere_annee']} et existant au "
                f"31/12/{annee}. Statut : celui de chaque action à cette date (historique des actions). "
                f"Réalisées en {annee} : actions passées au statut « Réalisée » dans l'année."
            ),
        )
    ]
    for titre, actions, vide, notes in (
        (
            "Exemples d'actions en cours",
            c["actions_exemples"],
            "Aucune action en cours.",
            "Exemples : les actions en cours les plus récentes à la date de référence.",
        ),
        (
            "Actions en retard",
            c["actions_en_retard"],
            "Aucune action en retard.",
            f"En retard : échéance dépassée au {_date(c['date_retard'])} et action ni réalisée ni abandonnée.",
        ),
    ):
        paquets = _par_paquets(
            actions,
            taille=ACTIONS_PAR_DIAPOSITIVE,
            caracteres=CARACTERES_PAR_DIAPOSITIVE,
            longueur=lambda a: len(a.intitule),
        ) or [[]]
        for numero, paquet in enumerate(paquets, start=1):
            diapositives.append(
                Diapositive(
                    cle="plan_actions",
                    titre=titre + _suite(numero, len(paquets)),
                    sous_titre=f"Plan d'actions au {_date(c['date_retard'])}",
                    tableau=Tableau(titre, entetes, [_ligne_action(a, c) for a in paquet], largeurs)
                    if paquet
                    else None,
                    paragraphes=[] if paquet else [vide],
                    notes=notes,
                )
            )
    return diapositives


def _indicateurs(c: dict) -> list[Diapositive]:
    annee = c["annee"]
    diapositives = []
    for bloc in c["indicateurs"]:
        ligne = bloc.ligne
        indicateur = ligne.indicateur
        valeur = ligne.valeur_texte + (" (provisoire)" if ligne.provisoire else "")
        chiffres = [
            ("Cible", ligne.cible_texte),
            (f"Même période {annee - 1}", ligne.precedente_texte),
            (ligne.periode_texte, valeur),
            (f"Année {annee - 1}", bloc.annee_precedente),
        ]
        tableau = Tableau(
            f"{indicateur.libelle} : valeur de chaque année",
            ["Année", "Valeur", "Évolution"],
            [
                [
                    v.periode_texte,
                    v.valeur_texte + (" (provisoire)" if v.provisoire and v.valeur is not None else ""),
                    v.variation_texte,
                ]
                for v in ligne.annuelles
            ],
            [1.4, 1.4, 1],
        )
        notes = [f"Définition : {indicateur.mode_calcul or indicateur.libelle}."]
        notes.append(f"Cible : {ligne.cible_texte}. Statut {annee} : {ligne.libelle_statut}.")
        notes.append(
            f"Valeur {annee} : cumul {ligne.periode_texte} ; même période {annee - 1} : les mêmes mois de "
            f"l'année précédente ({ligne.precedente_texte}) ; évolution : {ligne.variation_texte}."
        )
        if indicateur.service_recueil_id:
            notes.append(f"Recueil : {indicateur.service_recueil}.")
        if bloc.commentaires:
            notes.append("Commentaires internes : " + " ; ".join(bloc.commentaires))
        diapositives.append(
            Diapositive(
                cle="indicateurs",
                titre=indicateur.libelle,
                sous_titre=f"Chiffres clés {annee}"
                + (f" (statut : {ligne.libelle_statut.lower()})" if ligne.libelle_statut else ""),
                chiffres=chiffres,
                tableau=tableau,
                graphique=bloc.graphique,
                notes="\n".join(notes),
            )
        )
    if not diapositives:
        diapositives.append(
            Diapositive(cle="indicateurs", titre="Les indicateurs", paragraphes=[f"Aucune mesure pour {annee}."])
        )
    return diapositives


def _mysteres(c: dict) -> list[Diapositive]:
    mysteres = c["enquetes"]["mysteres"]
    lignes = []
    for enquete in mysteres:
        lignes.append(
            [
                enquete.intitule,
                enquete.get_canal_display(),
                enquete.periode or "—",
                str(enquete.nombre_tests) if enquete.nombre_tests else "—",
                formatage.pourcent(enquete.taux_positifs),
            ]
        )
    return [
        Diapositive(
            cle="appels_mysteres",
            titre="Les appels mystères",
            sous_titre=f"Enquêtes mystères {c['annee']}",
            chiffres=[
                (enquete.intitule, formatage.pourcent(enquete.taux_positifs) + " de résultats positifs")
                for enquete in mysteres[:3]
            ],
            tableau=Tableau(
                "Enquêtes mystères",
                ["Enquête", "Canal", "Période", "Tests", "Résultats positifs"],
                lignes,
                [3, 1.4, 2, 0.8, 1.4],
            )
            if lignes
            else None,
            paragraphes=[] if lignes else [f"Aucune enquête mystère en {c['annee']}."],
            notes="Résultats positifs : part des tests (appels, courriels, visites) jugés conformes aux engagements "
            "par la grille de l'enquête mystère.",
        )
    ]


def _satisfaction(c: dict) -> list[Diapositive]:
    annee = c["annee"]
    synthese = c["enquetes"]["synthese"]
    diapositives = []
    if synthese is None:
        diapositives.append(
            Diapositive(
                cle="satisfaction",
                titre="L'enquête de satisfaction",
                paragraphes=[f"Aucune enquête de satisfaction enregistrée pour {annee}."],
            )
        )
    else:
        enquete = synthese.enquete
        chiffres = []
        if enquete.echantillon:
            chiffres = [
                ("Personnes interrogées", formatage.nombre(enquete.echantillon)),
                ("Réponses", formatage.nombre(enquete.reponses)),
                ("Taux de réponse", synthese.taux_reponse_texte),
            ]
        lignes = [
            [li.theme, li.critere, li.precedent_texte, li.taux_texte, li.variation_texte] for li in synthese.lignes
        ]
        graphique = graphiques.graphique_barres(
            identifiant=f"diapo-satisfaction-{annee}",
            titre=f"Taux de satisfaction par critère : {annee - 1} et {annee}",
            description="Histogramme du taux de satisfaction (très satisfait + satisfait) de chaque critère, "
            f"{annee - 1} et {annee} ; les valeurs sont dans le tableau.",
            categories=[li.critere for li in synthese.lignes],
            series=[
                graphiques.Serie(str(annee), [li.taux for li in synthese.lignes]),
                graphiques.Serie(str(annee - 1), [li.taux_precedent for li in synthese.lignes]),
            ],
            formateur=formatage.pourcent,
        )
        periode = f"Enquête réalisée {enquete.periode}" if enquete.periode else f"Enquête {annee}"
        notes = (
            "Taux de satisfaction : part des répondants très satisfaits ou satisfaits pour le critère. Variation : "
            f"écart en points entre {annee - 1} et {annee}. Taux de réponse : réponses / personnes interrogées."
        )
        diapositives.append(
            Diapositive(
                cle="satisfaction",
                titre="L'enquête de satisfaction",
                sous_titre=periode + (f" ; collecte : {enquete.mode_collecte}" if enquete.mode_collecte else ""),
                chiffres=chiffres,
                tableau=Tableau(
                    f"Taux de satisfaction {annee - 1}, {annee} et variation",
                    ["Thème", "Critère", str(annee - 1), str(annee), "Variation"],
                    lignes,
                    [1.4, 3, 1, 1, 1.1],
                ),
                notes=notes,
            )
        )
        diapositives.append(
            Diapositive(
                cle="satisfaction",
                titre="L'enquête de satisfaction : évolution par critère",
                sous_titre=periode,
                graphique=graphique,
                notes=notes,
            )
        )
    mentions = c["enquetes"]["mentions"]
    if mentions:
        diapositives.append(
            Diapositive(
                cle="satisfaction",
                titre="Les mentions littérales des usagers",
                sous_titre=f"{c['enquetes']['total_mentions']} mentions relevées dans les réponses libres",
                tableau=Tableau(
                    "Tendances des réponses libres",
                    ["Tendance", "Mentions"],
                    [[m.categorie, str(m.nombre)] for m in mentions],
                    [5, 1],
                ),
                notes="Mentions littérales : les réponses libres de l'enquête, regroupées par tendance.",
            )
        )
    return diapositives


def _ecoute(c: dict) -> list[Diapositive]:
    annee = c["annee"]
    chiffres = c["registre"]["chiffres"]
    ecoute = c["ecoute"]
    entetes = ["Origine"] + [compte["libelle"] for compte in (ecoute[0]["comptes"] if ecoute else [])] + ["Total"]
    lignes = [
        [li["libelle"]] + [str(compte["nombre"]) for compte in li["comptes"]] + [str(li["total"])] for li in ecoute
    ]
    return [
        Diapositive(
            cle="ecoute",
            titre="L'écoute des usagers",
            sous_titre=f"Registre {annee} et actions nées de l'écoute",
            chiffres=[(libelle, formatage.nombre(nombre)) for libelle, nombre in chiffres.par_type]
            + [
                ("Taux de réponse aux réclamations", chiffres.termes.taux_texte),
                ("Délai moyen", chiffres.termes.delai_texte),
            ],
            tableau=Tableau(
                "Actions nées de l'écoute des usagers, par statut", entetes, lignes, [2.4] + [1] * (len(entetes) - 1)
            ),
            notes=(
                f"Registre : réclamations, suggestions et expériences « Je donne mon avis » reçues en {annee}. Taux "
                "de réponse : réclamations et suggestions ayant reçu une réponse / reçues ; délai moyen en jours. "
                "Actions : celles du plan nées d'une réclamation, d'une enquête ou du comité local des usagers."
            ),
        )
    ]


def _transparence(c: dict) -> list[Diapositive]:
    annee = c["annee"]
    lignes = [
        [b.ligne.indicateur.libelle, b.ligne.cible_texte, b.ligne.valeur_texte, b.ligne.libelle_statut]
        for b in c["indicateurs"]
    ]
    jdma = [
        (libelle, nombre)
        for libelle, nombre in c["registre"]["chiffres"].par_type
        if "JDMA" in libelle or "Services Publics" in libelle
    ]
    puces = [f"{libelle} en {annee} : {formatage.nombre(nombre)}" for libelle, nombre in jdma]
    prefecture = c["prefecture"]
    if prefecture.lieux:
        puces.append("Affichage dans les halls d'accueil : " + ", ".join(lieu.nom for lieu in prefecture.lieux))
    if prefecture.site_internet:
        puces.append(f"Publication en ligne : {prefecture.site_internet}")
    return [
        Diapositive(
            cle="transparence",
            titre="Transparence et Services Publics+",
            sous_titre=f"Les résultats publiés pour {annee}",
            puces=puces,
            tableau=Tableau(
                "Résultats des indicateurs",
                ["Indicateur", "Cible", f"Valeur {annee}", "Statut"],
                lignes,
                [4, 1.3, 1.5, 1.5],
            )
            if lignes
            else None,
            notes="Transparence : les résultats des indicateurs (valeur de l'année, cible) sont affichés et publiés en "
            "ligne. Services Publics+ : chaque expérience déposée sur « Je donne mon avis » reçoit une réponse.",
        )
    ]


def _perspectives(c: dict) -> list[Diapositive]:
    narratif = c["narratif"]
    paragraphes = _paragraphes(narratif.perspectives) or ["Les perspectives de l'année ne sont pas encore rédigées."]
    paquets = _par_paquets(paragraphes, taille=4, caracteres=CARACTERES_PAR_DIAPOSITIVE, longueur=len)
    return [
        Diapositive(
            cle="perspectives",
            titre=f"Perspectives{_suite(numero, len(paquets))}",
            paragraphes=paquet,
            notes="Les perspectives rédigées par le référent qualité dans le texte du bilan de l'année.",
        )
        for numero, paquet in enumerate(paquets, start=1)
    ]


CONSTRUCTEURS = {
    "label": _label,
    "audit": _audit,
    "plan_actions": _plan,
    "indicateurs": _indicateurs,
    "appels_mysteres": _mysteres,
    "satisfaction": _satisfaction,
    "ecoute": _ecoute,
    "transparence": _transparence,
    "perspectives": _perspectives,
}
