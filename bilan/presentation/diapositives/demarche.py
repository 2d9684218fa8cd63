"""Les diapositives de la démarche : le label, le dernier audit et ses constats, le plan d'actions."""

from decimal import Decimal

from plan_actions.models import Action
from qualite import formatage, graphiques

from .modele import (
    ACTIONS_PAR_DIAPOSITIVE,
    CARACTERES_PAR_DIAPOSITIVE,
    CONSTATS_PAR_DIAPOSITIVE,
    NATURES,
    Diapositive,
    Tableau,
    _date,
    _par_paquets,
    _suite,
)


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
