"""Export et import d'un référentiel (xlsx ou csv) : colonnes Module, Titre du module, Type, N°, Engagement.

Une ligne par engagement ; un module sans engagement tient sur une ligne dont N° et Engagement sont vides ;
un engagement sans module (Services Publics+) a les trois premières colonnes vides.
L'export puis l'import redonnent le même référentiel.
"""

from qualite.export import ecrire_csv, ecrire_xlsx
from qualite.imports import RapportImport
from qualite.tableur import correspondance, lire_entier, lire_tableau

from .models import Engagement, Module, Referentiel

ENTETES = ["Module", "Titre du module", "Type", "N°", "Engagement"]
COLONNES = {
    "module": ["Module", "N° du module", "Numéro du module"],
    "titre": ["Titre du module", "Titre"],
    "type": ["Type", "Type de module", "Statut"],
    "numero": ["N°", "Numéro", "N° de l'engagement"],
    "engagement": ["Engagement", "Libellé", "Libellé de l'engagement"],
}
TYPES = {valeur: libelle for valeur, libelle in Module.Type.choices}


def lignes_export(referentiel: Referentiel) -> list[list]:
    lignes = []
    modules = referentiel.modules.prefetch_related("engagements").order_by("numero")
    for module in modules:
        engagements = sorted(module.engagements.all(), key=lambda e: e.numero)
        entete = [module.numero, module.titre, module.get_type_display()]
        if not engagements:
            lignes.append([*entete, "", ""])
        for engagement in engagements:
            lignes.append([*entete, engagement.numero, engagement.libelle])
    for engagement in referentiel.engagements.filter(module__isnull=True).order_by("numero"):
        lignes.append(["", "", "", engagement.numero, engagement.libelle])
    return lignes


def exporter_csv(referentiel: Referentiel) -> bytes:
    return ecrire_csv(ENTETES, lignes_export(referentiel))


def exporter_xlsx(referentiel: Referentiel) -> bytes:
    return ecrire_xlsx(ENTETES, lignes_export(referentiel), feuille="Référentiel")


def importer_referentiel(*, rapport: RapportImport, fichier, nom: str, utilisateur, referentiel: Referentiel) -> None:
    """Crée ou met à jour les modules et engagements du référentiel ; n'en supprime aucun."""
    tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires={"module", "numero", "engagement"}, nom=nom)
    modules: dict[int, dict] = {}
    engagements: dict[tuple, tuple[int, str]] = {}
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        try:
            numero_module = lire_entier(ligne.valeurs.get("module"))
        except ValueError as erreur:
            rapport.erreur(ligne.numero, f"Module : {erreur}.")
            continue
        try:
            numero = lire_entier(ligne.valeurs.get("numero"))
        except ValueError as erreur:
            rapport.erreur(ligne.numero, f"N° : {erreur}.")
            continue
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
    if rapport.erreurs:
        return
    existants = {m.numero: m for m in referentiel.modules.all()}
    for numero_module, donnees in sorted(modules.items()):
        module = existants.get(numero_module)
        if module is None:
            existants[numero_module] = Module.objects.create(
                referentiel=referentiel, numero=numero_module, titre=donnees["titre"], type=donnees["type"]
            )
            rapport.crees += 1
        elif (module.titre, module.type) != (donnees["titre"], donnees["type"]):
            module.titre, module.type = donnees["titre"], donnees["type"]
            module.save()
            rapport.mis_a_jour += 1
        else:
            rapport.inchanges += 1
    actuels = {
        (e.module.numero if e.module_id else None, e.numero): e
        for e in referentiel.engagements.select_related("module")
    }
    for (numero_module, numero), (_, libelle) in sorted(engagements.items(), key=lambda e: (e[0][0] or 0, e[0][1])):
        engagement = actuels.get((numero_module, numero))
        if engagement is None:
            Engagement.objects.create(
                referentiel=referentiel,
                module=existants.get(numero_module) if numero_module is not None else None,
                numero=numero,
                libelle=libelle,
            )
            rapport.crees += 1
        elif engagement.libelle != libelle:
            engagement.libelle = libelle
            engagement.save()
            rapport.mis_a_jour += 1
        else:
            rapport.inchanges += 1
