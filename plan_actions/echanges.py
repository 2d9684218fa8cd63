"""Import et export du plan d'actions (xlsx et csv), mêmes colonnes dans les deux sens.

Export → import est sans perte : chaque colonne exportée se relit à l'identique.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from engagements.models import Engagement, Module
from organisation.models import Service, Utilisateur
from qualite.export import ecrire_csv, ecrire_ods, ecrire_xlsx
from qualite.imports import RapportImport
from qualite.tableur import correspondance, lire_date, lire_entier, lire_tableau, nettoyer, normaliser

from .models import Action, Commentaire, Origine, Statut
from .services import (
    CHAMPS_M2M,
    TAILLE_LOT,
    NouvelleAction,
    action_commenter,
    action_mettre_a_jour,
    action_modifications,
    action_preparer,
    actions_creer_en_masse,
    prochaine_reference,
)

COLONNES = [
    ("reference", "N°"),
    ("intitule", "Intitulé"),
    ("description", "Description"),
    ("origine", "Origine"),
    ("module", "Module"),
    ("engagement", "Engagement"),
    ("service", "Service pilote"),
    ("responsable", "Responsable"),
    ("echeance", "Échéance"),
    ("statut", "Statut"),
    ("avancement", "Avancement"),
    ("date_realisation", "Date de réalisation"),
    ("commentaire", "Commentaire"),
]
ENTETES = [libelle for _, libelle in COLONNES]
# La colonne d'un champ du modèle, pour nommer l'erreur de validation d'une ligne.
LIBELLES = dict(COLONNES) | {
    "service_pilote": "Service pilote",
    "responsable_nom": "Responsable",
    "origine_libelle": "Origine",
    "modules": "Module",
    "engagements": "Engagement",
}
TAILLE_APERCU = 50
VARIANTES = {
    "reference": ["N°", "Numéro", "Référence", "Réf"],
    "intitule": ["Intitulé", "Action", "Libellé"],
    "service": ["Service pilote", "Service"],
    "responsable": ["Responsable", "Responsables", "Pilote"],
    "avancement": ["Avancement", "Avancement (%)"],
    "module": ["Module", "Modules"],
    "engagement": ["Engagement", "Engagements"],
}
SEPARATEUR = " — "
MOTS_ORIGINE = [
    ("audit", Origine.CONSTAT_AUDIT),
    ("retex", Origine.RETEX),
    ("exercice", Origine.RETEX),
    ("enquete", Origine.ENQUETE),
    ("satisfaction", Origine.ENQUETE),
    ("reclamation", Origine.RECLAMATION),
    ("jdma", Origine.RECLAMATION),
    ("comite local", Origine.CLU),
    ("clu", Origine.CLU),
    ("copil", Origine.COPIL),
    ("indicateur", Origine.INDICATEUR),
]


# Export.


def _liste(valeurs) -> str:
    return ", ".join(valeurs)


def _nom_utilisateur(utilisateur: Utilisateur) -> str:
    return utilisateur.get_full_name() or utilisateur.username


def ligne_export(action: Action, commentaire: str) -> list:
    """Les valeurs d'une action dans l'ordre de COLONNES (dates en objets date)."""
    origine = action.get_origine_display()
    if action.origine_libelle:
        origine = f"{origine}{SEPARATEUR}{action.origine_libelle}"
    responsables = [_nom_utilisateur(u) for u in action.responsables.all()]
    if action.responsable_nom:
        responsables.append(action.responsable_nom)
    return [
        action.reference,
        action.intitule,
        action.description,
        origine,
        _liste(str(m.numero) for m in sorted(action.modules.all(), key=lambda m: m.numero)),
        _liste(_code_engagement(e) for e in sorted(action.engagements.all(), key=_cle_engagement)),
        action.service_pilote.nom if action.service_pilote else "",
        "; ".join(responsables),
        action.echeance,
        action.get_statut_display(),
        action.avancement,
        action.date_realisation,
        commentaire,
    ]


def _cle_engagement(engagement: Engagement):
    return (engagement.module.numero if engagement.module_id else 0, engagement.numero)


def _code_engagement(engagement: Engagement) -> str:
    return f"{engagement.module.numero}.{engagement.numero}" if engagement.module_id else str(engagement.numero)


def _avec_dernier_commentaire(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Annote `dernier_commentaire` : le texte le plus récent du journal (ou None)."""
    dernier = Commentaire.objects.filter(action=OuterRef("pk")).order_by("-date", "-pk").values("texte")[:1]
    return actions.annotate(dernier_commentaire=Subquery(dernier))


def _lignes(actions: QuerySet[Action]) -> list[list]:
    actions = _avec_dernier_commentaire(actions).select_related("service_pilote")
    actions = actions.prefetch_related("responsables", "modules", "engagements__module")
    return [ligne_export(action, action.dernier_commentaire or "") for action in actions]


def exporter_csv(actions: QuerySet[Action]) -> bytes:
    return ecrire_csv(ENTETES, _lignes(actions))


def exporter_xlsx(actions: QuerySet[Action]) -> bytes:
    return ecrire_xlsx(ENTETES, _lignes(actions), feuille="Plan d'actions")


def exporter_ods(actions: QuerySet[Action]) -> bytes:
    return ecrire_ods(ENTETES, _lignes(actions), feuille="Plan d'actions")


# Import.


def _origine(texte: str) -> tuple[str, str]:
    """« Constat d'audit — observation n°12 » → (constat_audit, « observation n°12 »)."""
    if not texte:
        return Origine.INTERNE, ""
    tete, _, reste = texte.partition(SEPARATEUR.strip())
    for candidat, libelle in ((texte, ""), (tete.strip(), reste.strip())):
        try:
            return correspondance(candidat, dict(Origine.choices)), libelle
        except ValueError:
            continue
    normalise = normaliser(texte)
    for mot, origine in MOTS_ORIGINE:
        if re.search(rf"\b{mot}\b", normalise):
            return origine, texte
    return Origine.INTERNE, texte


def _numeros(texte: str) -> list[str]:
    return [morceau.strip() for morceau in re.split(r"[,;/]| et ", texte) if morceau.strip()]


class Referentiels:
    """Tables de correspondance chargées une fois pour tout le fichier."""

    def __init__(self):
        self.modules: dict[int, Module] = {}
        for module in Module.objects.select_related("referentiel").order_by("-referentiel__date_debut", "-pk"):
            self.modules.setdefault(module.numero, module)
        self.engagements: dict[tuple[int | None, int], Engagement] = {}
        for engagement in Engagement.objects.select_related("module").order_by("-pk"):
            numero_module = engagement.module.numero if engagement.module_id else None
            self.engagements[(numero_module, engagement.numero)] = engagement
        self.services: dict[str, Service] = {}
        for service in Service.objects.order_by("-actif", "pk"):
            self.services.setdefault(normaliser(service.nom), service)
        self.utilisateurs: dict[str, Utilisateur] = {}
        for utilisateur in Utilisateur.objects.filter(is_active=True):
            self.utilisateurs.setdefault(utilisateur.username.lower(), utilisateur)
            if utilisateur.get_full_name():
                self.utilisateurs.setdefault(normaliser(utilisateur.get_full_name()), utilisateur)

    def module(self, texte: str) -> Module:
        nombre = re.sub(r"(?i)^module\s*", "", texte).strip()
        if not nombre.isdigit() or int(nombre) not in self.modules:
            raise ValueError(f"module « {texte} » inconnu")
        return self.modules[int(nombre)]

    def engagement(self, texte: str, modules: list[Module]) -> Engagement:
        correspondance_code = re.fullmatch(r"(?i)(?:engagement\s*)?(\d+)\s*[.]\s*(\d+)", texte)
        if correspondance_code:
            cle = (int(correspondance_code.group(1)), int(correspondance_code.group(2)))
            if cle in self.engagements:
                return self.engagements[cle]
        elif texte.isdigit():
            for module in modules:
                if (module.numero, int(texte)) in self.engagements:
                    return self.engagements[(module.numero, int(texte))]
            if (None, int(texte)) in self.engagements:
                return self.engagements[(None, int(texte))]
        raise ValueError(f"engagement « {texte} » inconnu (attendu « 1.17 » : module.numéro)")

    def service(self, texte: str) -> Service:
        service = self.services.get(normaliser(texte))
        if service is None:
            raise ValueError(f"service « {texte} » inconnu (nom exact d'un service de l'organisation)")
        return service

    def responsables(self, texte: str) -> tuple[list[Utilisateur], str]:
        trouves, inconnus = [], []
        for nom in [n.strip() for n in texte.split(";") if n.strip()]:
            utilisateur = self.utilisateurs.get(nom.lower()) or self.utilisateurs.get(normaliser(nom))
            if utilisateur:
                trouves.append(utilisateur)
            else:
                inconnus.append(nom)
        return trouves, "; ".join(inconnus)


def _lire_ligne(ligne, refs: Referentiels) -> tuple[dict, str, list[str]]:
    """Valeurs d'une ligne ; renvoie (valeurs, commentaire, erreurs nommant la colonne)."""
    erreurs = []
    valeurs: dict = {}

    def champ(colonne: str, fonction):
        try:
            return fonction()
        except ValueError as erreur:
            erreurs.append(f"colonne « {colonne} » : {erreur}")
            return None

    valeurs["reference"] = ligne.texte("reference")
    valeurs["intitule"] = ligne.texte("intitule")
    if not valeurs["intitule"]:
        erreurs.append("colonne « Intitulé » : obligatoire")
    valeurs["description"] = nettoyer(ligne.valeurs.get("description")) if "description" in ligne.valeurs else ""
    valeurs["origine"], valeurs["origine_libelle"] = _origine(ligne.texte("origine"))
    modules = [m for m in (champ("Module", lambda t=t: refs.module(t)) for t in _numeros(ligne.texte("module"))) if m]
    valeurs["modules"] = modules
    valeurs["engagements"] = [
        e
        for e in (
            champ("Engagement", lambda t=t: refs.engagement(t, modules)) for t in _numeros(ligne.texte("engagement"))
        )
        if e
    ]
    texte_service = ligne.texte("service")
    valeurs["service_pilote"] = champ("Service pilote", lambda: refs.service(texte_service)) if texte_service else None
    valeurs["responsables"], valeurs["responsable_nom"] = refs.responsables(ligne.texte("responsable"))
    valeurs["echeance"] = champ("Échéance", lambda: lire_date(ligne.valeurs.get("echeance")))
    texte_statut = ligne.texte("statut")
    valeurs["statut"] = (
        champ("Statut", lambda: correspondance(texte_statut, dict(Statut.choices))) if texte_statut else Statut.A_LANCER
    )
    avancement = champ("Avancement", lambda: lire_entier(ligne.valeurs.get("avancement")))
    if avancement is not None and not 0 <= avancement <= 100:
        erreurs.append(f"colonne « Avancement » : {avancement} n'est pas entre 0 et 100")
    valeurs["avancement"] = (
        avancement if avancement is not None else (100 if valeurs["statut"] == Statut.REALISEE else 0)
    )
    valeurs["date_realisation"] = champ("Date de réalisation", lambda: lire_date(ligne.valeurs.get("date_realisation")))
    commentaire = ligne.texte("commentaire")
    return valeurs, commentaire, erreurs


def _references_libres(annee: int, prises: set[str]):
    """Les N° « 2026-001 », « 2026-002 »… qui suivent le dernier de l'année, hors ceux du fichier."""
    numero = int(prochaine_reference(annee=annee).split("-")[1])
    while True:
        reference = f"{annee}-{numero:03d}"
        numero += 1
        if reference not in prises:
            yield reference


def importer_actions(*, rapport: RapportImport, fichier, nom: str, utilisateur: Utilisateur | None) -> RapportImport:
    """Lit tout le fichier, refuse tout à la première ligne invalide, puis crée ou met à jour par N°.

    Les actions nouvelles sont enregistrées par lots (`actions_creer_en_masse`) : le nombre de requêtes
    ne croît pas avec elles. Les actions existantes sont mises à jour une à une, sous verrou optimiste.
    """
    colonnes = {cle: VARIANTES.get(cle, [libelle]) for cle, libelle in COLONNES}
    tableau = lire_tableau(fichier, colonnes=colonnes, obligatoires={"intitule"}, nom=nom)
    refs = Referentiels()
    lues = []
    references_vues: dict[str, int] = {}
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        valeurs, commentaire, erreurs = _lire_ligne(ligne, refs)
        reference = valeurs["reference"]
        if reference and reference in references_vues:
            erreurs.append(f"colonne « N° » : {reference} figure déjà ligne {references_vues[reference]}")
        elif reference:
            references_vues[reference] = ligne.numero
        for erreur in erreurs:
            rapport.erreur(ligne.numero, erreur)
        lues.append((ligne.numero, valeurs, commentaire))
    if rapport.erreurs:
        return rapport

    existantes = _actions_existantes([v["reference"] for _, v, _ in lues if v["reference"]])
    libres = _references_libres(timezone.localdate().year, set(references_vues))
    nouvelles: list[tuple[int, NouvelleAction]] = []
    traitees: list[tuple[int, Action]] = []
    for numero, valeurs, commentaire in lues:
        action = existantes.get(valeurs["reference"])
        if action is None:
            nouvelle = _preparer(numero, valeurs, commentaire, libres, rapport)
            if nouvelle is not None:
                nouvelles.append((numero, nouvelle))
            continue
        valeurs.pop("reference")
        modifications = action_modifications(action=action, valeurs=valeurs)
        nouveau_commentaire = commentaire and commentaire != action.dernier_commentaire
        if modifications:
            action = action_mettre_a_jour(
                action=action, version_lue=action.version, modifications=modifications, auteur=utilisateur
            )
        if modifications or nouveau_commentaire:
            rapport.mis_a_jour += 1
        else:
            rapport.inchanges += 1
        if nouveau_commentaire:
            action_commenter(action=action, auteur=utilisateur, texte=commentaire)
        traitees.append((numero, action))
    if rapport.erreurs:
        return rapport
    actions_creer_en_masse(nouvelles=[nouvelle for _, nouvelle in nouvelles], auteur=utilisateur)
    rapport.crees = len(nouvelles)
    traitees += [(numero, nouvelle.action) for numero, nouvelle in nouvelles]
    rapport.apercu = [
        _apercu(numero, action) for numero, action in sorted(traitees, key=lambda t: t[0])[:TAILLE_APERCU]
    ]
    return rapport


def _actions_existantes(references: list[str]) -> dict[str, Action]:
    """Les actions déjà en base pour ces N°, relations et dernier commentaire chargés d'avance."""
    existantes: dict[str, Action] = {}
    for debut in range(0, len(references), TAILLE_LOT):
        lot = references[debut : debut + TAILLE_LOT]
        actions = _avec_dernier_commentaire(Action.objects.filter(reference__in=lot)).select_related("service_pilote")
        for action in actions.prefetch_related(*CHAMPS_M2M):
            action.dernier_commentaire = action.dernier_commentaire or ""
            existantes[action.reference] = action
    return existantes


def _preparer(numero: int, valeurs: dict, commentaire: str, libres, rapport: RapportImport) -> NouvelleAction | None:
    """L'action nouvelle d'une ligne, validée champ par champ ; None (et l'erreur nommée) si invalide."""
    reference = valeurs.pop("reference") or next(libres)
    try:
        return action_preparer(reference=reference, commentaire=commentaire, controles_en_base=False, **valeurs)
    except ValidationError as erreur:
        for champ, messages in erreur.message_dict.items():
            for message in messages:
                colonne = f"colonne « {LIBELLES[champ]} » : " if champ in LIBELLES else ""
                rapport.erreur(numero, f"{colonne}{message}")
        return None


def _apercu(numero: int, action: Action) -> dict:
    return {
        "Ligne": numero,
        "N°": action.reference,
        "Intitulé": action.intitule[:80],
        "Statut": action.get_statut_display(),
        "Avancement": f"{action.avancement} %",
    }
