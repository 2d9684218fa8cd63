"""Modules et engagements nommés dans un fichier d'échange, résolus dans le référentiel que le fichier nomme.

Chaque fichier d'échange (plan d'actions, définitions d'indicateurs) porte les colonnes « Référentiel »
(le code, ou le titre) et « Version » : « Module 1 » et « 1.1 » y sont cherchés, jamais dans « le plus
récent ». Sans référentiel nommé, un numéro n'est accepté que s'il ne désigne qu'un seul module (ou
engagement) de toute la base ; sinon l'erreur demande de nommer le référentiel.
"""

import re
from collections import defaultdict
from collections.abc import Iterable

from qualite.echanges import TexteWidget
from qualite.tableur import nettoyer, normaliser

from .models import Engagement, Module, Referentiel


def separer(texte: str) -> list[str]:
    """« 1.1, 1.2 ; 3 » → ["1.1", "1.2", "3"]."""
    return [morceau.strip() for morceau in re.split(r"[,;/]| et ", nettoyer(texte)) if morceau.strip()]


def referentiels_de(objets: Iterable[Module | Engagement]) -> list[Referentiel]:
    """Les référentiels des modules et engagements d'une ligne, dans l'ordre (pour l'export)."""
    vus: dict[int, Referentiel] = {}
    for objet in objets:
        vus.setdefault(objet.referentiel_id, objet.referentiel)
    return sorted(vus.values(), key=lambda r: (r.code, r.version))


class ReferentielsNommes:
    """Les référentiels, modules et engagements, chargés une fois pour tout un fichier."""

    def __init__(self):
        self.referentiels = list(Referentiel.objects.order_by("code", "version"))
        self.par_code: dict[str, list[Referentiel]] = defaultdict(list)
        for referentiel in self.referentiels:
            self.par_code[normaliser(referentiel.code)].append(referentiel)
            if normaliser(referentiel.titre) != normaliser(referentiel.code):
                self.par_code[normaliser(referentiel.titre)].append(referentiel)
        self.modules: dict[tuple[int, int], Module] = {}
        self.modules_par_numero: dict[int, list[Module]] = defaultdict(list)
        for module in Module.objects.select_related("referentiel"):
            self.modules[(module.referentiel_id, module.numero)] = module
            self.modules_par_numero[module.numero].append(module)
        self.engagements: dict[tuple[int, int | None, int], Engagement] = {}
        self.engagements_par_code: dict[tuple[int | None, int], list[Engagement]] = defaultdict(list)
        for engagement in Engagement.objects.select_related("module", "referentiel"):
            numero_module = engagement.module.numero if engagement.module_id else None
            self.engagements[(engagement.referentiel_id, numero_module, engagement.numero)] = engagement
            self.engagements_par_code[(numero_module, engagement.numero)].append(engagement)
        self._cache: dict[tuple[str, str], list[Referentiel]] = {}

    def nommes(self, code: str, version: str) -> list[Referentiel]:
        """Les référentiels d'une ligne : « qual-e-pref » et « 2023 » (ou des listes « a, b » et « 1, 2 »)."""
        cle = (nettoyer(code), nettoyer(version))
        if cle not in self._cache:
            self._cache[cle] = self._nommes(*cle)
        return self._cache[cle]

    def _nommes(self, code: str, version: str) -> list[Referentiel]:
        codes = separer(code)
        if not codes:
            return []
        versions = separer(version) if version else []
        if versions and len(versions) != len(codes):
            raise ValueError(f"autant de versions que de référentiels attendues (« {code} », « {version} »)")
        resultat = []
        for position, texte in enumerate(codes):
            candidats = self.par_code.get(normaliser(texte), [])
            if versions:
                candidats = [r for r in candidats if normaliser(r.version) == normaliser(versions[position])]
            if not candidats:
                precision = f" en version « {versions[position]} »" if versions else ""
                raise ValueError(f"référentiel « {texte} »{precision} inconnu")
            if len(candidats) > 1:
                listes = ", ".join(r.version or "sans version" for r in candidats)
                raise ValueError(f"référentiel « {texte} » en plusieurs versions ({listes}) : remplissez « Version »")
            resultat.append(candidats[0])
        return resultat

    def modules_lus(self, texte: str, referentiels: list[Referentiel]) -> list[Module]:
        modules = []
        for morceau in separer(texte):
            nombre = re.sub(r"(?i)^module\s*", "", morceau).strip()
            if not nombre.isdigit():
                raise ValueError(f"module « {morceau} » non reconnu (attendu « 1 » ou « Module 1 »)")
            modules.append(self._module(int(nombre), morceau, referentiels))
        return modules

    def _module(self, numero: int, texte: str, referentiels: list[Referentiel]) -> Module:
        if referentiels:
            for referentiel in referentiels:
                if (referentiel.pk, numero) in self.modules:
                    return self.modules[(referentiel.pk, numero)]
            noms = ", ".join(str(r) for r in referentiels)
            raise ValueError(f"module « {texte} » absent du référentiel {noms}")
        candidats = self.modules_par_numero.get(numero, [])
        if len(candidats) == 1:
            return candidats[0]
        if not candidats:
            raise ValueError(f"module « {texte} » inconnu")
        raise ValueError(f"module « {texte} » présent dans plusieurs référentiels : remplissez « Référentiel »")

    def engagements_lus(self, texte: str, referentiels: list[Referentiel], modules: list[Module]) -> list[Engagement]:
        return [self._engagement(morceau, referentiels, modules) for morceau in separer(texte)]

    def _engagement(self, texte: str, referentiels: list[Referentiel], modules: list[Module]) -> Engagement:
        code = re.fullmatch(r"(?i)(?:engagement\s*)?(?:(\d+)\s*[.]\s*)?(\d+)", texte)
        if code is None:
            raise ValueError(f"engagement « {texte} » non reconnu (attendu « 1.17 » : module.numéro)")
        numero = int(code.group(2))
        numeros_module: list[int | None] = (
            [int(code.group(1))] if code.group(1) else [m.numero for m in modules] + [None]
        )
        if referentiels:
            for referentiel in referentiels:
                for numero_module in numeros_module:
                    trouve = self.engagements.get((referentiel.pk, numero_module, numero))
                    if trouve:
                        return trouve
            noms = ", ".join(str(r) for r in referentiels)
            raise ValueError(f"engagement « {texte} » absent du référentiel {noms}")
        for numero_module in numeros_module:
            candidats = self.engagements_par_code.get((numero_module, numero), [])
            if modules and numero_module is not None:
                candidats = [e for e in candidats if e.module in modules] or candidats
            if len(candidats) == 1:
                return candidats[0]
            if len(candidats) > 1:
                raise ValueError(
                    f"engagement « {texte} » présent dans plusieurs référentiels : remplissez « Référentiel »"
                )
        raise ValueError(f"engagement « {texte} » inconnu (attendu « 1.17 » : module.numéro)")


# Pour les ressources d'échange (`qualite.echanges`) dont les lignes nomment leur référentiel.


class AvecReferentielNomme:
    """Une ressource aux colonnes « Référentiel » et « Version » (champs `referentiel`, `version_referentiel`).

    La sous-classe dit, par `referentiels_exportes(objet)`, les référentiels d'une ligne exportée.
    """

    _refs: ReferentielsNommes | None = None

    @property
    def refs(self) -> ReferentielsNommes:
        if self._refs is None:
            self._refs = ReferentielsNommes()
        return self._refs

    def referentiels_de_la_ligne(self, row) -> list[Referentiel]:
        row = row or {}
        try:
            return self.refs.nommes(nettoyer(row.get("Référentiel", "")), nettoyer(row.get("Version", "")))
        except ValueError as erreur:
            raise ValueError(f"{erreur} (colonnes « Référentiel » et « Version »)") from None

    def referentiels_exportes(self, objet) -> list[Referentiel]:
        raise NotImplementedError

    def dehydrate_referentiel(self, objet) -> str:
        return ", ".join(r.code for r in self.referentiels_exportes(objet))

    def dehydrate_version_referentiel(self, objet) -> str:
        return ", ".join(r.version for r in self.referentiels_exportes(objet))


class ModulesWidget(TexteWidget):
    """« 1, 7 » ou « Module 1 » : les modules, dans le référentiel nommé par la ligne."""

    def __init__(self, echange: AvecReferentielNomme):
        super().__init__()
        self.echange = echange

    def clean(self, value, row=None, **kwargs):
        return self.echange.refs.modules_lus(nettoyer(value), self.echange.referentiels_de_la_ligne(row))

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(m.numero) for m in sorted(value or [], key=lambda m: m.numero))


class EngagementsWidget(TexteWidget):
    """« 1.17, 7.2 » : les engagements, dans le référentiel nommé par la ligne (et ses modules)."""

    def __init__(self, echange: AvecReferentielNomme, *, colonne_modules: str = "Module"):
        super().__init__()
        self.echange = echange
        self.colonne_modules = colonne_modules

    def clean(self, value, row=None, **kwargs):
        refs = self.echange.refs
        referentiels = self.echange.referentiels_de_la_ligne(row)
        try:
            modules = refs.modules_lus(nettoyer((row or {}).get(self.colonne_modules, "")), referentiels)
        except ValueError:
            modules = []
        return refs.engagements_lus(nettoyer(value), referentiels, modules)

    def render(self, value, obj=None, **kwargs):
        return ", ".join(
            e.code for e in sorted(value or [], key=lambda e: (e.module.numero if e.module_id else 0, e.numero))
        )
