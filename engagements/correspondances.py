"""Les correspondances entre deux référentiels : saisie d'un ancien engagement, export et import en tableur.

Colonnes : Référentiel d'origine, Version d'origine, Engagement d'origine, Libellé d'origine, Référentiel cible,
Version cible, Engagement cible, Libellé cible, Commentaire. Une ligne par successeur (un pour plusieurs : plusieurs
lignes) ; « aucun » dans Engagement cible : l'engagement est retiré, sans successeur ; une cellule vide : pas encore
décidé (l'export liste ainsi les anciens engagements sans correspondance, l'import les ignore). Les libellés sont
là pour la lecture ; l'import se fonde sur les codes (« 1.12 »). Chaque ligne nomme ses deux référentiels : un
fichier d'une autre paire est refusé. L'import remplace les correspondances des anciens engagements qu'il cite et
laisse les autres ; l'export puis l'import redonnent la même table.
"""

from django.db import transaction

from organisation.models import Utilisateur
from qualite.export import Colonne, Feuille, ecrire
from qualite.imports import RapportImport
from qualite.tableur import lire_tableau, normaliser

from .echanges import lire_numero_engagement
from .migration import verifier_modifiable
from .models import Correspondance, Engagement, Referentiel

ENTETES = [
    "Référentiel d'origine",
    "Version d'origine",
    "Engagement d'origine",
    "Libellé d'origine",
    "Référentiel cible",
    "Version cible",
    "Engagement cible",
    "Libellé cible",
    "Commentaire",
]
COLONNES = {
    "depuis": ["Référentiel d'origine", "Ancien référentiel"],
    "version_depuis": ["Version d'origine", "Ancienne version"],
    "ancien": ["Engagement d'origine", "Ancien engagement"],
    "libelle_ancien": ["Libellé d'origine"],
    "vers": ["Référentiel cible", "Nouveau référentiel"],
    "version_vers": ["Version cible", "Nouvelle version"],
    "nouveau": ["Engagement cible", "Nouvel engagement", "Successeur"],
    "libelle_nouveau": ["Libellé cible"],
    "commentaire": ["Commentaire", "Remarque"],
}
AUCUN = "aucun"


def _code(valeur) -> tuple[int | None, int]:
    module, numero = lire_numero_engagement(valeur)
    if numero is None:
        raise ValueError("un code d'engagement est attendu (« 1.12 »)")
    return module, numero


def _par_code(referentiel: Referentiel) -> dict[tuple[int | None, int], Engagement]:
    return {
        (e.module.numero if e.module_id else None, e.numero): e
        for e in referentiel.engagements.select_related("module")
    }


def lignes_export(depuis: Referentiel, vers: Referentiel) -> list[list]:
    tete_depuis, tete_vers = [depuis.code, depuis.version], [vers.code, vers.version]
    par_ancien: dict[int, list[Correspondance]] = {}
    for correspondance in Correspondance.objects.filter(depuis=depuis, vers=vers).select_related("nouveau__module"):
        par_ancien.setdefault(correspondance.ancien_id, []).append(correspondance)
    lignes = []
    for ancien in depuis.engagements.select_related("module").order_by("module__numero", "numero"):
        debut = [*tete_depuis, ancien.code, ancien.libelle, *tete_vers]
        correspondances = par_ancien.get(ancien.pk)
        if not correspondances:
            lignes.append([*debut, "", "", ""])
        for correspondance in correspondances or []:
            nouveau = correspondance.nouveau
            cible = [nouveau.code, nouveau.libelle] if nouveau else [AUCUN, ""]
            lignes.append([*debut, *cible, correspondance.commentaire])
    return lignes


def exporter(depuis: Referentiel, vers: Referentiel, format: str) -> bytes:
    """La table dans la mise en forme partagée (xlsx, ods, csv, csv-windows ; `qualite.export.ecrire`)."""
    colonnes = [Colonne(titre) for titre in ENTETES]
    return ecrire([Feuille("Correspondances", colonnes, lignes_export(depuis, vers))], format=format)


def _meme_referentiel(code: str, version: str, referentiel: Referentiel) -> bool:
    return normaliser(code) == normaliser(referentiel.code) and normaliser(version) == normaliser(referentiel.version)


def importer_correspondances(
    *, rapport: RapportImport, fichier, nom: str, utilisateur, depuis: Referentiel, vers: Referentiel
) -> None:
    """Remplace les correspondances des anciens engagements cités par le fichier ; rien n'est écrit si une ligne
    est invalide."""
    tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires={"depuis", "ancien", "vers", "nouveau"}, nom=nom)
    anciens, nouveaux = _par_code(depuis), _par_code(vers)
    lues: dict[int, list[tuple[Engagement | None, str]]] = {}
    for ligne in tableau.lignes:
        if ligne.est_vide:
            continue
        for cle, referentiel, libelle in (("depuis", depuis, "d'origine"), ("vers", vers, "cible")):
            code, version = ligne.texte(cle), ligne.texte(f"version_{cle}")
            if not _meme_referentiel(code, version, referentiel):
                rapport.erreur(
                    ligne.numero,
                    f"Référentiel {libelle} : la ligne cite « {code}{':' + version if version else ''} », "
                    f"pas {referentiel.code}:{referentiel.version} ({referentiel}).",
                )
                break
        else:
            try:
                cle_ancien = _code(ligne.valeurs.get("ancien"))
            except ValueError as erreur:
                rapport.erreur(ligne.numero, f"Engagement d'origine : {erreur}.")
                continue
            ancien = anciens.get(cle_ancien)
            if ancien is None:
                rapport.erreur(
                    ligne.numero, f"Engagement d'origine : {ligne.texte('ancien')} n'existe pas dans {depuis}."
                )
                continue
            cible = ligne.texte("nouveau")
            if cible == "":
                rapport.inchanges += 1
                continue
            nouveau = None
            if normaliser(cible) != AUCUN:
                try:
                    nouveau = nouveaux.get(_code(ligne.valeurs.get("nouveau")))
                except ValueError as erreur:
                    rapport.erreur(ligne.numero, f"Engagement cible : {erreur}, ou « aucun ».")
                    continue
                if nouveau is None:
                    rapport.erreur(ligne.numero, f"Engagement cible : {cible} n'existe pas dans {vers}.")
                    continue
            deja = lues.setdefault(ancien.pk, [])
            if any((n.pk if n else None) == (nouveau.pk if nouveau else None) for n, _ in deja):
                rapport.erreur(ligne.numero, f"Engagement cible : {ancien.code} → {cible} figure déjà plus haut.")
                continue
            if deja and (nouveau is None or any(n is None for n, _ in deja)):
                rapport.erreur(
                    ligne.numero,
                    f"Engagement cible : {ancien.code} ne peut pas être à la fois sans successeur et remplacé.",
                )
                continue
            deja.append((nouveau, ligne.texte("commentaire")))
            rapport.apercu.append(
                {
                    "Engagement d'origine": ancien.code,
                    "Engagement cible": nouveau.code if nouveau else "aucun successeur",
                    "Commentaire": ligne.texte("commentaire"),
                }
            )
    if rapport.erreurs:
        return
    par_pk = {e.pk: e for e in anciens.values()}
    for ancien_pk, successeurs in lues.items():
        avant = {
            (c.nouveau_id, c.commentaire)
            for c in Correspondance.objects.filter(depuis=depuis, vers=vers, ancien_id=ancien_pk)
        }
        apres = {(n.pk if n else None, commentaire) for n, commentaire in successeurs}
        if avant == apres:
            rapport.inchanges += 1
            continue
        correspondance_enregistrer(
            depuis=depuis, vers=vers, ancien=par_pk[ancien_pk], successeurs=successeurs, auteur=utilisateur
        )
        if avant:
            rapport.mis_a_jour += 1
        else:
            rapport.crees += 1


@transaction.atomic
def correspondance_enregistrer(
    *,
    depuis: Referentiel,
    vers: Referentiel,
    ancien: Engagement,
    successeurs: list[tuple[Engagement | None, str]],
    auteur: Utilisateur | None,
) -> list[Correspondance]:
    """Remplace les successeurs de `ancien` dans `vers` : [(nouvel engagement, commentaire)] ; [(None, …)] : retiré ;
    liste vide : pas encore décidé."""
    verifier_modifiable(depuis)
    for existante in Correspondance.objects.filter(depuis=depuis, vers=vers, ancien=ancien):
        if auteur is not None:
            existante._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
        existante.delete()
    creees = []
    for nouveau, commentaire in successeurs:
        correspondance = Correspondance(
            depuis=depuis, vers=vers, ancien=ancien, nouveau=nouveau, commentaire=commentaire
        )
        if auteur is not None:
            correspondance._history_user = auteur  # type: ignore[attr-defined]  # lu par simple_history
        correspondance.save()
        creees.append(correspondance)
    return creees
