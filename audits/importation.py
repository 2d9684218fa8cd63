"""Import du tableau de l'auditeur : N° | Module | Points sensibles | Pistes de progrès | Points forts.

Une ligne qui remplit deux colonnes donne deux constats de même N° ; une ligne sans observation est
ignorée et signalée. L'identité d'un constat est (audit, N°, nature) : réimporter le même tableau
ne crée aucun doublon, un texte modifié est mis à jour.
"""

import re
from dataclasses import dataclass

from qualite.imports import RapportImport
from qualite.tableur import lire_tableau, normaliser

from .models import Audit, Constat, Nature, Portee

COLONNES = {
    "numero": ["N°", "Numéro", "Num", "Observations de l'auditeur", "Observation"],
    "module": ["Module", "Modules", "Portée"],
    Nature.POINT_SENSIBLE: ["Points sensibles"],
    Nature.PISTE_PROGRES: ["Pistes de progrès"],
    Nature.POINT_FORT: ["Points forts"],
    Nature.NC_MINEURE: ["Non-conformités mineures", "NC mineures"],
    Nature.NC_MAJEURE: ["Non-conformités majeures", "NC majeures"],
}
OBLIGATOIRES = {"numero", "module", Nature.POINT_SENSIBLE, Nature.PISTE_PROGRES, Nature.POINT_FORT}
LIBELLES_COLONNES = ["N°", "Module", "Points sensibles", "Pistes de progrès", "Points forts"]
NATURES_ORDONNEES = [
    Nature.POINT_SENSIBLE,
    Nature.PISTE_PROGRES,
    Nature.POINT_FORT,
    Nature.NC_MINEURE,
    Nature.NC_MAJEURE,
]
MOTIF_MODULE = re.compile(r"^(?:module|mod|m)?\s*(?:numero\s*)?(\d+)$")


@dataclass(frozen=True)
class PorteeLue:
    portee: str
    module: object  # Module | None

    @property
    def libelle(self) -> str:
        return "Pilotage" if self.module is None else f"Module {self.module.numero}"


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


def importer_constats(*, rapport: RapportImport, fichier, nom: str, utilisateur=None, audit: Audit) -> RapportImport:
    """Valide toutes les lignes, puis crée ou met à jour les constats (dans la transaction de l'appelant)."""
    tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires=OBLIGATOIRES, nom=nom)
    modules = modules_admis(audit)
    natures = [nature for nature in NATURES_ORDONNEES if nature in tableau.colonnes]
    a_ecrire: list[tuple[int, PorteeLue, str, str]] = []
    lignes_vides: list[dict] = []
    vus: dict[tuple[int, str], int] = {}

    for ligne in tableau.lignes:
        if ligne.est_vide:
            rapport.avertir(ligne.numero, "ligne vide, ignorée.")
            continue
        textes = {nature: ligne.texte(nature) for nature in natures}
        brut_numero = ligne.texte("numero")
        numero = None
        if not brut_numero:
            rapport.erreur(ligne.numero, "le N° est vide.")
        elif not re.fullmatch(r"\d+", brut_numero):
            rapport.erreur(ligne.numero, f"N° « {brut_numero} » : un nombre entier est attendu.")
        elif len(brut_numero) > 4:
            rapport.erreur(ligne.numero, f"N° « {brut_numero[:20]} » hors des bornes (1 à 9 999).")
        else:
            numero = int(brut_numero)
        try:
            portee = lire_portee(ligne.texte("module"), modules) if ligne.texte("module") else None
            if portee is None:
                rapport.erreur(ligne.numero, "la colonne Module est vide (attendu « Module 1 » ou « Pilotage »).")
        except ValueError as erreur:
            rapport.erreur(ligne.numero, f"colonne Module : {erreur}.")
            portee = None
        if numero is None or portee is None:
            continue
        if not any(textes.values()):
            rapport.avertir(ligne.numero, f"N° {numero} ({portee.libelle}) : aucune observation, ligne ignorée.")
            lignes_vides.append({"numero": numero, "module": portee.libelle})
            continue
        for nature, texte in textes.items():
            if not texte:
                continue
            if (numero, nature) in vus:
                rapport.erreur(
                    ligne.numero,
                    f"N° {numero} : un {Nature(nature).label.lower()} figure déjà ligne {vus[numero, nature]}.",
                )
                continue
            vus[numero, nature] = ligne.numero
            a_ecrire.append((numero, portee, nature, texte))

    if rapport.erreurs:
        return rapport

    existants = {(c.numero, c.nature): c for c in audit.constats.all()}
    for numero, portee, nature, texte in a_ecrire:
        constat = existants.get((numero, nature))
        if constat is None:
            Constat.objects.create(
                audit=audit, numero=numero, portee=portee.portee, module=portee.module, nature=nature, texte=texte
            )
            rapport.crees += 1
            operation = "création"
        elif (constat.texte, constat.portee, constat.module_id) != (
            texte,
            portee.portee,
            getattr(portee.module, "pk", None),
        ):
            constat.texte, constat.portee, constat.module = texte, portee.portee, portee.module
            constat.save(update_fields=["texte", "portee", "module"])
            rapport.mis_a_jour += 1
            operation = "mise à jour"
        else:
            rapport.inchanges += 1
            operation = "inchangé"
        rapport.apercu.append(
            {
                "N°": numero,
                "Module": portee.libelle,
                "Nature": Nature(nature).label,
                "Constat": texte,
                "Opération": operation,
            }
        )
    audit.lignes_vides = lignes_vides
    audit.save(update_fields=["lignes_vides"])
    return rapport
