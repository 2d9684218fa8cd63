"""Les diapositives des résultats : indicateurs, appels mystères, satisfaction, écoute des usagers, transparence,
perspectives.
"""

from qualite import formatage, graphiques

from .modele import CARACTERES_PAR_DIAPOSITIVE, Diapositive, Tableau, _par_paquets, _paragraphes, _suite


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
