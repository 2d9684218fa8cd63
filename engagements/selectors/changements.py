"""Le changement de référentiel : correspondances ancien → nouveaux engagements, migration et rapport au COPIL."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count

from ..models import (
    Correspondance,
    Engagement,
    MigrationReferentiel,
    Referentiel,
    Reprise,
)
from ..reprises import libelles as libelles_reprises

if TYPE_CHECKING:
    pass


@dataclass
class LigneCorrespondance:
    """Un ancien engagement et ses successeurs ; `retire` : explicitement sans successeur."""

    ancien: Engagement
    successeurs: list[Engagement] = field(default_factory=list)
    retire: bool = False
    commentaires: list[str] = field(default_factory=list)
    fusionne: bool = False  # un de ses successeurs a d'autres prédécesseurs

    @property
    def decidee(self) -> bool:
        return self.retire or bool(self.successeurs)

    @property
    def modifie(self) -> bool:
        """Scindé, fusionné ou reformulé (un pour un au libellé différent)."""
        if len(self.successeurs) > 1 or self.fusionne:
            return True
        return len(self.successeurs) == 1 and self.successeurs[0].libelle.strip() != self.ancien.libelle.strip()

    @property
    def nature(self) -> str:
        if self.retire:
            return "retiré (aucun successeur)"
        if not self.successeurs:
            return "à décider"
        if len(self.successeurs) > 1:
            return "scindé (un pour plusieurs)"
        if self.fusionne:
            return "fusionné (plusieurs pour un)"
        return "reformulé" if self.modifie else "repris à l'identique"


@dataclass
class TableCorrespondances:
    depuis: Referentiel
    vers: Referentiel
    lignes: list[LigneCorrespondance]
    nouveaux: list[Engagement]  # engagements du nouveau référentiel sans aucun prédécesseur

    @property
    def retires(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if ligne.retire]

    @property
    def a_decider(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if not ligne.decidee]

    @property
    def sans_successeur(self) -> list[LigneCorrespondance]:
        """Retirés ou encore à décider."""
        return [ligne for ligne in self.lignes if not ligne.successeurs]

    @property
    def modifies(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if ligne.successeurs and ligne.modifie]

    @property
    def inchanges(self) -> list[LigneCorrespondance]:
        return [ligne for ligne in self.lignes if ligne.successeurs and not ligne.modifie]

    @property
    def complete(self) -> bool:
        return not self.a_decider


def table_correspondances(*, depuis: Referentiel, vers: Referentiel) -> TableCorrespondances:
    """La table ancien engagement → successeurs et sa couverture (trois requêtes)."""
    lignes = {
        engagement.pk: LigneCorrespondance(ancien=engagement)
        for engagement in depuis.engagements.select_related("module").order_by("module__numero", "numero")
    }
    predecesseurs: Counter[int] = Counter()
    for correspondance in (
        Correspondance.objects.filter(depuis=depuis, vers=vers)
        .select_related("nouveau__module")
        .order_by("nouveau__module__numero", "nouveau__numero")
    ):
        ligne = lignes.get(correspondance.ancien_id)
        if ligne is None:
            continue
        if correspondance.nouveau is None:
            ligne.retire = True
        else:
            ligne.successeurs.append(correspondance.nouveau)
            predecesseurs[correspondance.nouveau.pk] += 1
        if correspondance.commentaire:
            ligne.commentaires.append(correspondance.commentaire)
    for ligne in lignes.values():
        ligne.fusionne = any(predecesseurs[s.pk] > 1 for s in ligne.successeurs)
    nouveaux = [
        engagement
        for engagement in vers.engagements.select_related("module").order_by("module__numero", "numero")
        if engagement.pk not in predecesseurs
    ]
    return TableCorrespondances(depuis=depuis, vers=vers, lignes=list(lignes.values()), nouveaux=nouveaux)


def paires_de_correspondances() -> list[dict]:
    """Les paires de référentiels qui ont des correspondances : [{depuis, vers, nombre, migration}]."""
    referentiels_par_pk = {r.pk: r for r in Referentiel.objects.all()}
    migrations = {(m.depuis_id, m.vers_id): m for m in MigrationReferentiel.objects.all()}
    paires = (
        Correspondance.objects.order_by("depuis_id", "vers_id")
        .values_list("depuis_id", "vers_id")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "depuis": referentiels_par_pk[depuis],
            "vers": referentiels_par_pk[vers],
            "nombre": nombre,
            "migration": migrations.get((depuis, vers)),
        }
        for depuis, vers, nombre in paires
    ]


def migration_du_referentiel(referentiel: Referentiel) -> MigrationReferentiel | None:
    """La migration qui a remplacé ce référentiel (il est alors en lecture seule)."""
    return MigrationReferentiel.objects.filter(depuis=referentiel).select_related("depuis", "vers").first()


def reprises_par_nature(migration: MigrationReferentiel) -> list[dict]:
    """[{cle, libelle, elements}] dans l'ordre des reprises, ce qui n'a pas de successeur compris."""
    par_nature: dict[str, list[Reprise]] = {}
    for reprise in migration.reprises.order_by("pk"):
        par_nature.setdefault(reprise.nature, []).append(reprise)
    return [
        {"cle": cle, "libelle": libelle, "elements": par_nature.get(cle, [])}
        for cle, libelle in libelles_reprises().items()
    ]


@dataclass
class RapportChangement:
    """Pour le COPIL : ce que le changement de référentiel a changé et ce qu'il a repris."""

    migration: MigrationReferentiel
    table: TableCorrespondances
    reprises: list[dict]


def migrations_de_l_annee(annee: int, *, date_reference: date | None = None) -> list[RapportChangement]:
    """Les changements de référentiel faits pendant l'année (au plus tard à la date de référence), pour le bilan."""
    migrations = MigrationReferentiel.objects.filter(date__year=annee).select_related("depuis", "vers")
    if date_reference is not None:
        migrations = migrations.filter(date__lte=date_reference)
    return [rapport_changement(migration) for migration in migrations.order_by("date", "pk")]


def rapport_changement(migration: MigrationReferentiel) -> RapportChangement:
    return RapportChangement(
        migration=migration,
        table=table_correspondances(depuis=migration.depuis, vers=migration.vers),
        reprises=reprises_par_nature(migration),
    )
