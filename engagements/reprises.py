"""Ce qu'un changement de référentiel reprend : un registre, rempli par chaque application qui tient quelque chose
rattaché aux engagements.

`engagements` ne connaît ni les actions ni les constats : le plan d'actions et les audits inscrivent leur reprise
dans leur `AppConfig.ready()`, comme les critères de la préparation d'audit :

    from engagements.reprises import enregistrer_reprise
    enregistrer_reprise(ordre=40, cle="actions", libelle="Actions ouvertes", fonction=reprendre_actions)

`fonction(plan)` reçoit le `Plan` de la migration (successeurs de chaque ancien engagement et de chaque ancien
module), écrit ses reprises par ses propres services et note chacune par `plan.noter(...)`. La migration exécute
toutes les reprises dans une seule transaction ; l'aperçu (--dry-run) les exécute de même puis annule tout : ce
qu'il montre est exactement ce que fera la vraie exécution.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from organisation.models import Utilisateur

    from .models import Engagement, MigrationReferentiel, Module, Referentiel


@dataclass(frozen=True)
class Changement:
    nature: str
    libelle: str
    avant: str
    apres: str
    objet_id: int | None = None


@dataclass
class Plan:
    migration: "MigrationReferentiel"
    depuis: "Referentiel"
    vers: "Referentiel"
    date: date
    auteur: "Utilisateur | None"
    # ancien engagement (pk) → ses successeurs ; absent ou liste vide : aucun successeur
    successeurs: dict[int, list["Engagement"]]
    # ancien module (pk) → les modules qui reçoivent les successeurs de ses engagements
    modules_successeurs: dict[int, list["Module"]]
    changements: list[Changement] = field(default_factory=list)

    def noter(self, *, nature: str, libelle: str, avant: str, apres: str, objet_id: int | None = None) -> None:
        self.changements.append(
            Changement(nature=nature, libelle=libelle[:300], avant=avant[:300], apres=apres[:300], objet_id=objet_id)
        )

    def codes(self, engagements: "list[Engagement]") -> str:
        return ", ".join(engagement.code for engagement in engagements) or "aucun successeur"


@dataclass(frozen=True)
class Repreneur:
    ordre: int
    cle: str
    libelle: str
    fonction: Callable[[Plan], None]


_REPRENEURS: dict[str, Repreneur] = {}


def enregistrer_reprise(*, ordre: int, cle: str, libelle: str, fonction: Callable[[Plan], None]) -> None:
    _REPRENEURS[cle] = Repreneur(ordre=ordre, cle=cle, libelle=libelle, fonction=fonction)


def repreneurs() -> list[Repreneur]:
    return sorted(_REPRENEURS.values(), key=lambda repreneur: repreneur.ordre)


def libelles() -> dict[str, str]:
    """{nature: libellé} dans l'ordre des reprises."""
    return {repreneur.cle: repreneur.libelle for repreneur in repreneurs()}
