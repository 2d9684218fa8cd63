"""L'auto-audit RGAA 4.1 du dépôt (`qualite/donnees/audit_rgaa.toml`) et ce que la déclaration en tire.

Le fichier liste les 106 critères du RGAA 4.1, chacun avec son verdict (C, NC, NA) sur l'échantillon de pages
nommé dans le fichier, et la méthode de vérification. La page « Déclaration d'accessibilité » (modèle légal de
l'arrêté du 20 septembre 2019) et la mention du pied de page se calculent ici : rien n'y est écrit à la main.
Taux de conformité (méthode du RGAA) : critères conformes / critères applicables.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

FICHIER = Path(__file__).resolve().parent / "donnees" / "audit_rgaa.toml"
# Nombre de critères de chaque thématique du RGAA 4.1 (106 en tout).
CRITERES_PAR_THEME = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}
THEMES = {
    1: "Images",
    2: "Cadres",
    3: "Couleurs",
    4: "Multimédia",
    5: "Tableaux",
    6: "Liens",
    7: "Scripts",
    8: "Éléments obligatoires",
    9: "Structuration de l'information",
    10: "Présentation de l'information",
    11: "Formulaires",
    12: "Navigation",
    13: "Consultation",
}
VERDICTS = {"C": "conforme", "NC": "non conforme", "NA": "non applicable"}


class AuditInvalide(ValueError):
    pass


@dataclass(frozen=True)
class Critere:
    numero: str
    titre: str
    verdict: str
    methode: str
    defaut: str = ""

    @property
    def theme(self) -> int:
        return int(self.numero.split(".")[0])

    @property
    def verdict_libelle(self) -> str:
        return VERDICTS[self.verdict]


@dataclass(frozen=True)
class PageAuditee:
    nom: str
    url: str


@dataclass(frozen=True)
class Audit:
    referentiel: str
    date: date
    realise_par: str
    criteres: tuple[Critere, ...]
    echantillon: tuple[PageAuditee, ...]
    technologies: tuple[str, ...]
    outils: tuple[str, ...]
    environnement: tuple[str, ...]
    derogations: tuple[str, ...]
    hors_obligation: tuple[str, ...]

    def par_verdict(self, verdict: str) -> list[Critere]:
        return [critere for critere in self.criteres if critere.verdict == verdict]

    @property
    def applicables(self) -> list[Critere]:
        return [critere for critere in self.criteres if critere.verdict != "NA"]

    @property
    def non_conformites(self) -> list[Critere]:
        return self.par_verdict("NC")

    @property
    def taux(self) -> Decimal:
        """Part des critères applicables respectés, en %, arrondie au dixième."""
        applicables = self.applicables
        if not applicables:
            return Decimal(100)
        return (Decimal(100) * len(self.par_verdict("C")) / len(applicables)).quantize(Decimal("0.1"))

    @property
    def etat(self) -> str:
        """« totalement », « partiellement » ou « non » conforme (seuils de la déclaration : 100 %, 50 %)."""
        if self.taux == 100:
            return "totalement conforme"
        return "partiellement conforme" if self.taux >= 50 else "non conforme"

    def themes(self) -> list[tuple[int, str, list[Critere]]]:
        return [
            (numero, nom, [critere for critere in self.criteres if critere.theme == numero])
            for numero, nom in THEMES.items()
        ]


def _cle(numero: str) -> tuple[int, int]:
    theme, _, rang = numero.partition(".")
    return int(theme), int(rang)


def lire(chemin: Path = FICHIER) -> Audit:
    """L'audit du fichier, vérifié : les 106 critères numérotés du RGAA 4.1, chacun avec verdict et méthode."""
    donnees = tomllib.loads(chemin.read_text(encoding="utf-8"))
    entete, brut = donnees["audit"], donnees["criteres"]
    attendus = [f"{theme}.{rang}" for theme, nombre in CRITERES_PAR_THEME.items() for rang in range(1, nombre + 1)]
    if sorted(brut, key=_cle) != attendus:
        manquants = sorted(set(attendus) - set(brut), key=_cle)
        en_trop = sorted(set(brut) - set(attendus))
        raise AuditInvalide(f"Critères manquants : {manquants} ; inconnus : {en_trop}")
    criteres = []
    for numero in attendus:
        valeurs = brut[numero]
        if valeurs.get("verdict") not in VERDICTS:
            raise AuditInvalide(f"Critère {numero} : verdict « {valeurs.get('verdict')} » (C, NC ou NA attendu)")
        if not valeurs.get("methode", "").strip() or not valeurs.get("titre", "").strip():
            raise AuditInvalide(f"Critère {numero} : titre et méthode de vérification obligatoires")
        if valeurs["verdict"] == "NC" and not valeurs.get("defaut", "").strip():
            raise AuditInvalide(f"Critère {numero} : une non-conformité décrit son défaut")
        criteres.append(Critere(numero=numero, **valeurs))
    return Audit(
        referentiel=entete["referentiel"],
        date=entete["date"],
        realise_par=entete["realise_par"],
        criteres=tuple(criteres),
        echantillon=tuple(PageAuditee(**page) for page in entete["echantillon"]),
        technologies=tuple(entete["technologies"]),
        outils=tuple(entete["outils"]),
        environnement=tuple(entete["environnement"]),
        derogations=tuple(entete.get("derogations", ())),
        hors_obligation=tuple(entete.get("hors_obligation", ())),
    )


@cache
def audit() -> Audit:
    return lire()
