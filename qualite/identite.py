"""L'identité de la préfecture vue du socle : l'en-tête, le pied de page, les PDF et les courriels la lisent ici.

Le socle ne connaît pas le modèle (il vit dans `organisation`, au-dessus) : `organisation` enregistre au démarrage
(`AppConfig.ready`) la fonction qui la lit. Sans identité saisie (ou base injoignable : pages 500 et 503), le
nom est celui de PREFECTURE_NOM s'il est défini, et le bloc-marque celui de la République seule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError


@dataclass(frozen=True)
class Lieu:
    """Un site ou un hall d'accueil, tel que le public le lit (nom, adresse, démarches, horaires)."""

    nom: str
    adresse: str = ""
    demarches: str = ""
    horaires: str = ""


@dataclass(frozen=True)
class Identite:
    nom: str
    bloc_marque: tuple[str, ...] = ()
    contact_courriel: str = ""
    contact_telephone: str = ""
    contact_adresse: str = ""
    site_internet: str = ""
    lieux: tuple[Lieu, ...] = field(default_factory=tuple)
    est_saisie: bool = False

    @property
    def a_un_contact(self) -> bool:
        return bool(self.contact_courriel or self.contact_telephone or self.contact_adresse or self.site_internet)


CLE_CACHE = "qualite:identite"
DUREE_CACHE = 60
_fournisseur: Callable[[], Identite | None] | None = None


def enregistrer_fournisseur(fournisseur: Callable[[], Identite | None]) -> None:
    global _fournisseur
    _fournisseur = fournisseur


def par_defaut() -> Identite:
    return Identite(nom=settings.PREFECTURE_NOM)


def identite(*, fraiche: bool = False) -> Identite:
    """L'identité saisie (mise en cache une minute ; `fraiche` : relue en base, pour un document)."""
    if not fraiche:
        en_cache = cache.get(CLE_CACHE)
        if en_cache is not None:
            return en_cache
    lue = None
    if _fournisseur is not None:
        try:
            lue = _fournisseur()
        except DatabaseError:
            return par_defaut()
    resultat = lue or par_defaut()
    cache.set(CLE_CACHE, resultat, DUREE_CACHE)
    return resultat


def oublier() -> None:
    """À appeler après chaque modification de l'identité, des sites ou des halls."""
    cache.delete(CLE_CACHE)
