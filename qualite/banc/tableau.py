"""Le tableau imprimé par le banc : mesure | valeur | cible | référence | verdict."""

from dataclasses import dataclass


@dataclass
class Ligne:
    mesure: str
    valeur: str
    cible: str = ""
    reference: str = ""
    # True : cible tenue ; False : cible manquée ; None : pas de cible ou non mesuré.
    tenue: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.tenue is None:
            return self.note or "—"
        texte = "OK" if self.tenue else "RATÉ"
        return f"{texte} ({self.note})" if self.note else texte


ENTETES = ("mesure", "valeur", "cible", "référence", "verdict")


def formater(lignes: list[Ligne]) -> str:
    rangees = [ENTETES] + [(x.mesure, x.valeur, x.cible, x.reference, x.verdict) for x in lignes]
    largeurs = [max(len(r[i]) for r in rangees) for i in range(len(ENTETES))]

    def rangee(valeurs) -> str:
        return "| " + " | ".join(v.ljust(largeurs[i]) for i, v in enumerate(valeurs)) + " |"

    separateur = "|" + "|".join("-" * (largeur + 2) for largeur in largeurs) + "|"
    return "\n".join([rangee(rangees[0]), separateur] + [rangee(r) for r in rangees[1:]])


def ms(secondes: float) -> str:
    return f"{secondes * 1000:.0f} ms"
