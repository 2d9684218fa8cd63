"""Le tableau de l'auditeur échangé (xlsx, ods, csv), par django-import-export (`qualite.echanges`).

Le fichier est pivoté : N° | Module | Points sensibles | Pistes de progrès | Points forts [| NC mineures |
NC majeures] ; une ligne qui remplit deux colonnes donne deux constats de même N°. À la lecture, il est mis
« une ligne par constat » (N°, Module, Nature, Constat) : c'est ce jeu intermédiaire que django-import-export
compare et enregistre, chaque constat gardant le numéro de sa ligne dans le fichier. L'identité d'un constat
est (audit, N°, nature) : réimporter l'export ne crée ni ne modifie rien ; une cellule retouchée ne change
que ce constat (« ligne 4 : Points forts … → … »). Une ligne sans observation est ignorée et signalée.
"""

import re
from dataclasses import dataclass
from typing import Any

import tablib
from import_export import fields

from qualite.echanges import ChoixWidget, Echange, EntierWidget, TexteWidget
from qualite.export import Colonne, Feuille
from qualite.imports import RapportImport
from qualite.tableur import lire_tableau, normaliser

from .models import Audit, Constat, Nature, Portee

TITRES = {
    Nature.POINT_SENSIBLE: "Points sensibles",
    Nature.PISTE_PROGRES: "Pistes de progrès",
    Nature.POINT_FORT: "Points forts",
    Nature.NC_MINEURE: "Non-conformités mineures",
    Nature.NC_MAJEURE: "Non-conformités majeures",
}
COLONNES = {
    "numero": ["N°", "Numéro", "Num", "Observations de l'auditeur", "Observation"],
    "module": ["Module", "Modules", "Portée"],
    Nature.POINT_SENSIBLE: [TITRES[Nature.POINT_SENSIBLE]],
    Nature.PISTE_PROGRES: [TITRES[Nature.PISTE_PROGRES]],
    Nature.POINT_FORT: [TITRES[Nature.POINT_FORT]],
    Nature.NC_MINEURE: [TITRES[Nature.NC_MINEURE], "NC mineures"],
    Nature.NC_MAJEURE: [TITRES[Nature.NC_MAJEURE], "NC majeures"],
}
OBLIGATOIRES = {"numero", "module", Nature.POINT_SENSIBLE, Nature.PISTE_PROGRES, Nature.POINT_FORT}
LIBELLES_COLONNES = ["N°", "Module", "Points sensibles", "Pistes de progrès", "Points forts"]
NATURES_ORDONNEES = list(TITRES)
MOTIF_MODULE = re.compile(r"^(?:module|mod|m)?\s*(?:numero\s*)?(\d+)$")


@dataclass(frozen=True)
class PorteeLue:
    portee: str
    module: object  # Module | None

    @property
    def libelle(self) -> str:
        return "Pilotage" if self.module is None else f"Module {self.module.numero}"  # type: ignore[attr-defined]


def modules_admis(audit: Audit) -> dict[int, object]:
    """Les modules que peut citer le tableau : ceux du périmètre audité, sinon ceux du référentiel."""
    modules = audit.perimetre.modules.all() if audit.perimetre_id else audit.referentiel.modules.all()
    return {module.numero: module for module in modules}


def lire_portee(valeur: str, modules: dict[int, object]) -> PorteeLue:
    """« Module 1 », « module 7 », « M1 », « 1 » → le module ; « Pilotage » → portée transversale."""
    texte = normaliser(valeur)
    if texte in ("pilotage", "transversal", "transverse"):
        return PorteeLue(portee=Portee.PILOTAGE, module=None)
    correspondance = MOTIF_MODULE.match(texte.replace(" ", "")) or MOTIF_MODULE.match(texte)
    if not correspondance:
        raise ValueError(f"module « {valeur} » non reconnu (attendu « Module 1 », « M7 » ou « Pilotage »)")
    numero = int(correspondance.group(1))
    if numero not in modules:
        admis = ", ".join(f"Module {n}" for n in sorted(modules)) or "aucun module"
        raise ValueError(f"« {valeur} » n'est pas un module de l'audit (modules possibles : {admis}, Pilotage)")
    return PorteeLue(portee=Portee.MODULE, module=modules[numero])


class ChampPortee(fields.Field):
    """« Module » : la portée (module ou pilotage) du constat, lue dans les modules de l'audit."""

    def __init__(self, *args, modules: dict[int, object] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = modules or {}

    def save(self, instance, row, is_m2m=False, **kwargs):
        lue = lire_portee(self.clean(row, **kwargs), self.modules)
        instance.portee, instance.module = lue.portee, lue.module

    def get_value(self, instance):
        if instance.portee == Portee.MODULE and not instance.module_id:
            return ""
        return instance.libelle_portee


class ConstatEchange(Echange):
    feuille = "Observations"
    colonnes_apercu = ["N°", "Module", "Nature", "Constat"]

    numero = fields.Field("numero", "N°", widget=EntierWidget())
    module = ChampPortee("module", "Module", widget=TexteWidget())
    nature = fields.Field("nature", "Nature", widget=ChoixWidget(Nature.choices))
    texte = fields.Field("texte", "Constat", widget=TexteWidget())

    class Meta(Echange.Meta):
        model = Constat
        fields = ("numero", "module", "nature", "texte")
        import_id_fields = ("numero", "nature")

    def __init__(self, *, audit: Audit, **kwargs):
        super().__init__(**kwargs)
        self.audit = audit
        self.modules = modules_admis(audit)
        self.fields["module"].modules = self.modules  # type: ignore[attr-defined]
        self._existants: dict[tuple[int, str], Constat] | None = None
        self._messages: list[tuple[int | None, str, bool]] = []
        self.lignes_vides: list[dict[str, Any]] = []

    # Lecture : le tableau pivoté mis « une ligne par constat ».

    def lire(self, fichier, nom: str) -> tablib.Dataset:
        tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires=OBLIGATOIRES, nom=nom)
        natures = [nature for nature in NATURES_ORDONNEES if nature in tableau.colonnes]
        jeu = tablib.Dataset(headers=["N°", "Module", "Nature", "Constat"])
        self.numeros, self._messages, self.lignes_vides = [], [], []
        vus: dict[tuple[int, str], int] = {}
        for ligne in tableau.lignes:
            if ligne.est_vide:
                self._messages.append((ligne.numero, "ligne vide, ignorée.", False))
                continue
            textes = {nature: ligne.texte(nature) for nature in natures}
            brut_numero, numero = ligne.texte("numero"), None
            if not brut_numero:
                self._messages.append((ligne.numero, "le N° est vide.", True))
            elif not re.fullmatch(r"\d+", brut_numero):
                self._messages.append((ligne.numero, f"N° « {brut_numero} » : un nombre entier est attendu.", True))
            elif len(brut_numero) > 4:
                self._messages.append((ligne.numero, f"N° « {brut_numero[:20]} » hors des bornes (1 à 9 999).", True))
            else:
                numero = int(brut_numero)
            portee = None
            if not ligne.texte("module"):
                self._messages.append(
                    (ligne.numero, "la colonne Module est vide (attendu « Module 1 » ou « Pilotage »).", True)
                )
            else:
                try:
                    portee = lire_portee(ligne.texte("module"), self.modules)
                except ValueError as erreur:
                    self._messages.append((ligne.numero, f"colonne Module : {erreur}.", True))
            if numero is None or portee is None:
                continue
            if not any(textes.values()):
                message = f"N° {numero} ({portee.libelle}) : aucune observation, ligne ignorée."
                self._messages.append((ligne.numero, message, False))
                self.lignes_vides.append({"numero": numero, "module": portee.libelle})
                continue
            for nature, texte in textes.items():
                if not texte:
                    continue
                if (numero, nature) in vus:
                    message = (
                        f"N° {numero} : un {Nature(nature).label.lower()} figure déjà ligne {vus[numero, nature]}."
                    )
                    self._messages.append((ligne.numero, message, True))
                    continue
                vus[numero, nature] = ligne.numero
                jeu.append([numero, portee.libelle, Nature(nature).label, texte])
                self.numeros.append(ligne.numero)
        return jeu

    def verifier_jeu(self, jeu: tablib.Dataset, rapport: RapportImport) -> None:
        for numero, message, bloquant in self._messages:
            (rapport.erreur if bloquant else rapport.avertir)(numero, message)

    def importer(self, *, rapport: RapportImport, fichier, nom: str) -> RapportImport:
        rapport = super().importer(rapport=rapport, fichier=fichier, nom=nom)
        if rapport.valide:
            self.audit.lignes_vides = self.lignes_vides
            self.audit.save(update_fields=["lignes_vides"])
        return rapport

    # Import : les constats de l'audit lus une fois, retrouvés par (N°, nature).

    def get_queryset(self):
        return self.audit.constats.select_related("module")

    def get_instance(self, instance_loader, row):
        if self._existants is None:
            self._existants = {(c.numero, c.nature): c for c in self.get_queryset()}
        nature = self.fields["nature"].clean(row)
        return self._existants.get((int(row["N°"]), nature))

    def init_instance(self, row=None):
        return Constat(audit=self.audit)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        saute = super().skip_row(instance, original, row, import_validation_errors)
        for changement in self._changements_ligne:
            if changement.colonne == "Constat":
                changement.colonne = TITRES[Nature(instance.nature)]
        return saute

    # Export : un constat par cellule, une ligne par (N°, module).

    def feuilles(self, queryset=None) -> list[Feuille]:
        constats = queryset if queryset is not None else self.get_queryset()
        lignes: dict[tuple[int, str], dict[str, str]] = {}
        for constat in constats.order_by("numero", "nature"):
            lignes.setdefault((constat.numero, constat.libelle_portee), {})[constat.nature] = constat.texte
        aide = {
            "N°": "numéro de l'observation (obligatoire) ; une ligne peut porter plusieurs constats de ce N°",
            "Module": "« Module 1 », « M7 » ou « Pilotage » (obligatoire)",
        }
        colonnes = [
            Colonne(titre="N°", largeur=6, aide=aide["N°"]),
            Colonne(titre="Module", largeur=12, aide=aide["Module"]),
            *(
                Colonne(titre=TITRES[nature], largeur=50, aide=f"texte du constat ({Nature(nature).label.lower()})")
                for nature in NATURES_ORDONNEES
            ),
        ]
        rangees = [
            [numero, module, *(textes.get(nature, "") for nature in NATURES_ORDONNEES)]
            for (numero, module), textes in lignes.items()
        ]
        return [Feuille(titre=self.feuille, colonnes=colonnes, lignes=rangees)]

    def colonnes_des_attributs(self) -> dict[str, str]:
        return {"portee": "Module", "audit": "N°"}


def importer_constats(*, rapport: RapportImport, fichier, nom: str, utilisateur=None, audit: Audit) -> RapportImport:
    """Valide toutes les lignes, puis crée ou met à jour les constats (dans la transaction de l'appelant)."""
    return ConstatEchange(utilisateur=utilisateur, audit=audit).importer(rapport=rapport, fichier=fichier, nom=nom)


def exporter_constats(audit: Audit, format: str) -> bytes:
    return ConstatEchange(audit=audit).exporter(format)
