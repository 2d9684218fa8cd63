"""Export et import d'un référentiel (xlsx, ods ou csv) : colonnes Référentiel, Version, Module, Titre du module, Type,
N°, Engagement.

Une ligne par engagement ; un module sans engagement tient sur une ligne dont N° et Engagement sont vides ;
un engagement sans module (Services Publics+) a les colonnes du module vides. Chaque ligne nomme son référentiel
(code et version) : un fichier d'un autre référentiel est refusé. L'import lit la numérotation que l'application
affiche (« Module 1 », « 1.12 ») comme les nombres seuls. L'export puis l'import redonnent le même référentiel.

Import : le fichier est lu et contrôlé ligne à ligne (`importer_referentiel`), puis deux jeux intermédiaires,
« une ligne par module » et « une ligne par engagement », sont comparés et enregistrés par django-import-export
(`ModuleEchange`, `EngagementEchange`, sur `qualite.echanges`) : l'export réimporté ne change rien (0 créé,
0 modifié) et l'aperçu dit, par ligne du fichier, ce qui changera (« ligne 3 : Engagement … → … »).
"""

import re

import tablib
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader

from qualite.echanges import ChoixWidget, CorrespondanceWidget, Echange, EntierWidget, TexteWidget
from qualite.export import Colonne, Feuille, ecrire
from qualite.imports import RapportImport
from qualite.tableur import correspondance, lire_entier, lire_tableau, nettoyer, normaliser

from .migration import est_remplace
from .models import Engagement, Module, Referentiel

ENTETES = ["Référentiel", "Version", "Module", "Titre du module", "Type", "N°", "Engagement"]
COLONNES = {
    "referentiel": ["Référentiel", "Code du référentiel"],
    "version": ["Version", "Version du référentiel"],
    "module": ["Module", "N° du module", "Numéro du module"],
    "titre": ["Titre du module", "Titre"],
    "type": ["Type", "Type de module", "Statut"],
    "numero": ["N°", "Numéro", "N° de l'engagement"],
    "engagement": ["Engagement", "Libellé", "Libellé de l'engagement"],
}
TYPES = {valeur: libelle for valeur, libelle in Module.Type.choices}
MOTIF_MODULE = re.compile(r"^(?:module |mod |m )?(?:numero )?(\d+)(?: .*)?$")
MOTIF_ENGAGEMENT = re.compile(r"^(?:engagement\s*)?(?:n°\s*)?(?:(\d+)\s*[.]\s*)?(\d+)$", re.IGNORECASE)


def lire_numero_module(valeur) -> int | None:
    """« 1 », « Module 1 », « M1 », « Module 1 – Relation générale avec les usagers » → 1 ; vide → None."""
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        return lire_entier(valeur)
    texte = normaliser(valeur)
    if not texte:
        return None
    trouve = MOTIF_MODULE.match(texte) or MOTIF_MODULE.match(re.sub(r"^m(\d)", r"m \1", texte))
    if not trouve:
        raise ValueError(f"« {nettoyer(valeur)} » n'est pas un numéro de module (attendu « 1 » ou « Module 1 »)")
    return int(trouve.group(1))


def lire_numero_engagement(valeur) -> tuple[int | None, int | None]:
    """« 12 » → (None, 12) ; « 1.12 » (le code affiché) → (1, 12) ; vide → (None, None)."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return None, valeur
    if isinstance(valeur, float) and valeur.is_integer():
        return None, int(valeur)
    texte = nettoyer(valeur)
    if not texte:
        return None, None
    trouve = MOTIF_ENGAGEMENT.match(texte)
    if not trouve:
        raise ValueError(f"« {texte} » n'est pas un numéro d'engagement (attendu « 12 » ou « 1.12 »)")
    return (int(trouve.group(1)) if trouve.group(1) else None), int(trouve.group(2))


def lignes_export(referentiel: Referentiel) -> list[list]:
    lignes = []
    modules = referentiel.modules.prefetch_related("engagements").order_by("numero")
    for module in modules:
        engagements = sorted(module.engagements.all(), key=lambda e: e.numero)
        entete = [referentiel.code, referentiel.version, module.numero, module.titre, module.get_type_display()]
        if not engagements:
            lignes.append([*entete, "", ""])
        for engagement in engagements:
            lignes.append([*entete, engagement.numero, engagement.libelle])
    for engagement in referentiel.engagements.filter(module__isnull=True).order_by("numero"):
        lignes.append([referentiel.code, referentiel.version, "", "", "", engagement.numero, engagement.libelle])
    return lignes


AIDE = {
    "Référentiel": "code du référentiel ; une ligne d'un autre référentiel est refusée",
    "Version": "version du référentiel (une autre version est signalée)",
    "Module": "numéro du module (« 1 » ou « Module 1 ») ; vide pour un engagement sans module",
    "Titre du module": "titre du module",
    "Type": "Obligatoire, Optionnel… (le type du module)",
    "N°": "numéro de l'engagement (« 12 » ou « 1.12 ») ; vide pour un module sans engagement",
    "Engagement": "libellé de l'engagement",
}
LARGEURS = {"Titre du module": 40, "Engagement": 70}


def exporter(referentiel: Referentiel, format: str) -> bytes:
    """Le référentiel dans la mise en forme partagée (xlsx, ods, csv, csv-windows), feuille « Lisez-moi » comprise."""
    colonnes = [Colonne(titre, aide=AIDE[titre], largeur=LARGEURS.get(titre)) for titre in ENTETES]
    return ecrire([Feuille("Référentiel", colonnes, lignes_export(referentiel))], format=format)


def importer_referentiel(*, rapport: RapportImport, fichier, nom: str, utilisateur, referentiel: Referentiel) -> None:
    """Crée ou met à jour les modules et engagements du référentiel ; n'en supprime aucun. Un référentiel remplacé
    (changement de référentiel) est en lecture seule : l'import est refusé."""
    if est_remplace(referentiel):
        rapport.erreur(None, f"{referentiel} a été remplacé : il reste consultable, en lecture seule.")
        return
    tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires={"module", "numero", "engagement"}, nom=nom)
    modules: dict[int, dict] = {}
    engagements: dict[tuple, tuple[int, str]] = {}
    versions_citees: set[str] = set()
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        code = ligne.texte("referentiel")
        if code and normaliser(code) != normaliser(referentiel.code):
            rapport.erreur(
                ligne.numero,
                f"Référentiel : la ligne décrit le référentiel « {code} », pas « {referentiel.code} » ; "
                "importez-la dans son référentiel.",
            )
            continue
        if "version" in tableau.colonnes and ligne.texte("version") != referentiel.version:
            versions_citees.add(ligne.texte("version") or "sans version")
        try:
            numero_module = lire_numero_module(ligne.valeurs.get("module"))
        except ValueError as erreur:
            rapport.erreur(ligne.numero, f"Module : {erreur}.")
            continue
        try:
            module_du_numero, numero = lire_numero_engagement(ligne.valeurs.get("numero"))
        except ValueError as erreur:
            rapport.erreur(ligne.numero, f"N° : {erreur}.")
            continue
        if module_du_numero is not None:
            if numero_module is not None and numero_module != module_du_numero:
                rapport.erreur(
                    ligne.numero,
                    f"N° : l'engagement {module_du_numero}.{numero} n'est pas du module {numero_module}.",
                )
                continue
            numero_module = module_du_numero
        libelle = ligne.texte("engagement")
        if (numero is None) != (libelle == ""):
            rapport.erreur(
                ligne.numero, "N° et Engagement : renseignez les deux, ou aucun pour un module sans engagement."
            )
            continue
        if numero_module is None and numero is None:
            rapport.erreur(ligne.numero, "Module : un numéro de module ou un engagement est attendu.")
            continue
        if numero_module is not None:
            titre = ligne.texte("titre")
            try:
                type_module = correspondance(ligne.texte("type") or "optionnel", TYPES)
            except ValueError as erreur:
                rapport.erreur(ligne.numero, f"Type : {erreur}.")
                continue
            connu = modules.get(numero_module)
            if connu and (connu["titre"], connu["type"]) != (titre, type_module):
                rapport.erreur(
                    ligne.numero,
                    f"Titre du module / Type : le module {numero_module} est décrit autrement ligne {connu['ligne']}.",
                )
                continue
            modules.setdefault(numero_module, {"titre": titre, "type": type_module, "ligne": ligne.numero})
        if numero is not None:
            cle = (numero_module, numero)
            if cle in engagements:
                rapport.erreur(ligne.numero, f"N° : l'engagement {numero} figure déjà ligne {engagements[cle][0]}.")
                continue
            engagements[cle] = (ligne.numero, libelle)
        rapport.apercu.append(
            {"Module": numero_module or "", "N°": numero or "", "Engagement": libelle or ligne.texte("titre")}
        )
    for version in sorted(versions_citees):
        rapport.avertir(None, f"Le fichier vient de la version « {version} » ; il est importé dans « {referentiel} ».")
    if rapport.erreurs:
        return
    apercu = rapport.apercu
    jeu_modules = tablib.Dataset(headers=["Module", "Titre du module", "Type"])
    lignes_modules = []
    for numero_module, donnees in sorted(modules.items()):
        jeu_modules.append([numero_module, donnees["titre"], TYPES[donnees["type"]]])
        lignes_modules.append(donnees["ligne"])
    ModuleEchange(referentiel=referentiel, jeu=jeu_modules, lignes=lignes_modules).importer(
        rapport=rapport, fichier=None, nom=nom
    )
    changements = rapport.changements
    jeu_engagements = tablib.Dataset(headers=["Module", "N°", "Engagement"])
    lignes_engagements = []
    for (numero_module, numero), (ligne, libelle) in sorted(engagements.items(), key=lambda e: (e[0][0] or 0, e[0][1])):
        jeu_engagements.append([numero_module, numero, libelle])
        lignes_engagements.append(ligne)
    EngagementEchange(referentiel=referentiel, jeu=jeu_engagements, lignes=lignes_engagements).importer(
        rapport=rapport, fichier=None, nom=nom
    )
    rapport.changements = sorted(changements + rapport.changements, key=lambda texte: int(texte.split()[1]))
    rapport.apercu = apercu


class EchangeDuReferentiel(Echange):
    """Un jeu déjà lu et contrôlé par `importer_referentiel` (une ligne par module ou par engagement)."""

    def __init__(self, *, referentiel: Referentiel, jeu: tablib.Dataset, lignes: list[int], **kwargs):
        super().__init__(**kwargs)
        self.referentiel = referentiel
        self.jeu = jeu
        self.lignes = lignes

    def lire(self, fichier, nom: str) -> tablib.Dataset:
        self.numeros = self.lignes
        return self.jeu

    def verifier_jeu(self, jeu: tablib.Dataset, rapport: RapportImport) -> None:
        """Les doublons et incohérences ont été refusés à la lecture."""


class ModuleEchange(EchangeDuReferentiel):
    numero = fields.Field("numero", "Module", widget=EntierWidget())
    titre = fields.Field("titre", "Titre du module", widget=TexteWidget())
    type = fields.Field("type", "Type", widget=ChoixWidget(Module.Type.choices, defaut=Module.Type.OPTIONNEL))

    class Meta(Echange.Meta):
        model = Module
        fields = ("numero", "titre", "type")
        import_id_fields = ("numero",)
        instance_loader_class = CachedInstanceLoader

    def get_queryset(self):
        return self.referentiel.modules.all()

    def init_instance(self, row=None):
        return Module(referentiel=self.referentiel)


class EngagementEchange(EchangeDuReferentiel):
    module = fields.Field(
        "module",
        "Module",
        widget=CorrespondanceWidget(charger=lambda: {}, rendu=lambda module: str(module.numero)),
    )
    numero = fields.Field("numero", "N°", widget=EntierWidget())
    libelle = fields.Field("libelle", "Engagement", widget=TexteWidget())

    class Meta(Echange.Meta):
        model = Engagement
        fields = ("module", "numero", "libelle")
        import_id_fields = ("module", "numero")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Les modules du référentiel, créés juste avant par `ModuleEchange`.
        self.fields["module"].widget.charger = lambda: {
            str(module.numero): module for module in self.referentiel.modules.all()
        }
        self._existants: dict[tuple[int | None, int], Engagement] | None = None

    def get_instance(self, instance_loader, row):
        if self._existants is None:
            self._existants = {
                (e.module.numero if e.module_id else None, e.numero): e
                for e in self.referentiel.engagements.select_related("module")
            }
        module = row["Module"]
        return self._existants.get((None if module in (None, "") else int(module), int(row["N°"])))

    def init_instance(self, row=None):
        return Engagement(referentiel=self.referentiel)
