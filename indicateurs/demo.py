"""Démonstration : les indicateurs publiés par la préfecture de démonstration (idempotent).

Les résultats annuels sont ceux de `donnees/indicateurs_resultats.csv` (codes, cibles, valeurs publiées).
Les séries MENSUELLES sont inventées pour la démonstration (est_demo=True, commentaire « donnée de
démonstration ») et construites de façon déterministe pour que le calcul pondéré redonne exactement
les valeurs publiées : somme des numérateurs / somme des dénominateurs, arrondie à 2 décimales.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from organisation.models import Service

from .models import Indicateur, Periodicite, TypeCalcul
from .services import mesure_enregistrer

FICHIER = Path(__file__).parent / "donnees" / "indicateurs_resultats.csv"
COMMENTAIRE_DEMO = "donnée de démonstration"

# Ce que le CSV ne dit pas : la nature du calcul, sa description, l'ordre et le service de recueil.
DEFINITIONS = {
    "appels_perdus": (TypeCalcul.RATIO, "Appels perdus / appels reçus au standard × 100", "Pôle accueil téléphonique"),
    "reclamations_taux_reponse": (TypeCalcul.RATIO, "Réclamations répondues / réclamations reçues × 100", None),
    "reclamations_delai": (TypeCalcul.DELAI_MOYEN, "Total des délais de réponse (jours) / réponses", None),
    "infos_generales_taux_reponse": (TypeCalcul.RATIO, "Demandes répondues / demandes reçues × 100", None),
    "infos_generales_delai": (TypeCalcul.DELAI_MOYEN, "Total des délais de réponse (jours) / réponses", None),
    "pan_frequentation": (TypeCalcul.NOMBRE, "Somme des usagers accueillis chaque mois", None),
    "appels_mysteres_positifs": (TypeCalcul.VALEUR, "Part des appels mystères au résultat positif", None),
}
# Ordre de grandeur des volumes inventés (dénominateur minimal sur la période publiée).
VOLUMES = {"appels_perdus": 25000, "reclamations_taux_reponse": 400, "infos_generales_taux_reponse": 600}
# Répartitions saisonnières déterministes (inventées).
POIDS = [9, 8, 10, 9, 10, 11, 8, 6, 10, 11, 9, 7]
POIDS_ECARTS = [7, 9, 8, 11, 9, 8, 10, 12, 9, 8, 10, 9]


def lire_resultats() -> list[dict]:
    with open(FICHIER, encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def repartir(total: int, poids: list[int]) -> list[int]:
    """Répartit un entier selon des poids (plus forts restes) : la somme vaut exactement `total`."""
    somme = sum(poids)
    bruts = [Decimal(total) * p / somme for p in poids]
    parts = [int(b) for b in bruts]
    reste = total - sum(parts)
    ordre = sorted(range(len(poids)), key=lambda i: (-(bruts[i] - parts[i]), i))
    for index in ordre[:reste]:
        parts[index] += 1
    return parts


def arrondi(valeur: Decimal) -> Decimal:
    return valeur.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fraction_pour(taux: Decimal, minimum: int) -> tuple[int, int]:
    """(numérateur, dénominateur) entiers, dénominateur ≥ minimum, dont le taux arrondi vaut `taux`."""
    denominateur = minimum
    while True:
        numerateur = int((taux * denominateur / 100).to_integral_value(rounding=ROUND_HALF_UP))
        if arrondi(Decimal(numerateur) / denominateur * 100) == taux:
            return numerateur, denominateur
        denominateur += 1


def serie_ratio(numerateur: int, denominateur: int, nb_mois: int, decalage: int = 0) -> list[tuple[int, int]]:
    """Termes mensuels (numérateur ≤ dénominateur) qui somment à numerateur / denominateur."""
    poids = POIDS[decalage : decalage + nb_mois]
    poids_ecarts = POIDS_ECARTS[decalage : decalage + nb_mois]
    denominateurs = repartir(denominateur, poids)
    if numerateur * 2 <= denominateur:
        numerateurs = repartir(numerateur, poids_ecarts)
    else:
        numerateurs = [
            d - e for d, e in zip(denominateurs, repartir(denominateur - numerateur, poids_ecarts), strict=True)
        ]
    assert all(0 <= n <= d for n, d in zip(numerateurs, denominateurs, strict=True)), (
        "série de démonstration incohérente"
    )
    return list(zip(numerateurs, denominateurs, strict=True))


def serie_delai(delai: Decimal, reponses: list[int]) -> list[tuple[Decimal, int]]:
    """Totaux mensuels de délais (au centième de jour) dont la moyenne pondérée vaut `delai`."""
    total_centiemes = int(delai * sum(reponses) * 100)
    totaux = repartir(total_centiemes, [r * p for r, p in zip(reponses, POIDS_ECARTS, strict=False)])
    return [(Decimal(t) / 100, r) for t, r in zip(totaux, reponses, strict=True)]


def _mois_fin(ligne: dict, lignes: list[dict]) -> int:
    """10 pour « au 31/10/2023 » ; la même borne pour « même période que 2023 » ; 12 sinon."""
    if "au 31/10" in ligne["remarque"]:
        return 10
    if "même période" in ligne["remarque"]:
        suivante = next(
            autre
            for autre in lignes
            if autre["indicateur"] == ligne["indicateur"] and int(autre["periode"]) == int(ligne["periode"]) + 1
        )
        return _mois_fin(suivante, lignes)
    return 12


@transaction.atomic
def charger(*, stdout) -> None:
    lignes = lire_resultats()
    indicateurs: dict[str, Indicateur] = {}
    for ordre, ligne in enumerate(lignes):
        code = ligne["indicateur"]
        if code in indicateurs:
            continue
        type_calcul, mode_calcul, nom_service = DEFINITIONS[code]
        indicateurs[code], _ = Indicateur.objects.update_or_create(
            code=code,
            defaults={
                "libelle": ligne["libelle"],
                "unite": ligne["unite"],
                "sens": ligne["sens"],
                "cible": Decimal(ligne["cible"]) if ligne["cible"] else None,
                "type_calcul": type_calcul,
                "mode_calcul": mode_calcul,
                "periodicite": Periodicite.ANNUELLE if type_calcul == TypeCalcul.VALEUR else Periodicite.MENSUELLE,
                "service_recueil": Service.objects.filter(nom=nom_service).first() if nom_service else None,
                "ordre": ordre,
            },
        )
    # Réponses mensuelles des taux, réutilisées par les délais (délai = total des délais / réponses).
    reponses: dict[tuple[str, int], list[int]] = {}
    nb = 0
    for ligne in sorted(
        lignes, key=lambda ligne_csv: DEFINITIONS[ligne_csv["indicateur"]][0] == TypeCalcul.DELAI_MOYEN
    ):
        indicateur = indicateurs[ligne["indicateur"]]
        annee, valeur = int(ligne["periode"]), Decimal(ligne["valeur"])
        provisoire = ligne["statut"] == "provisoire"
        mois_fin = _mois_fin(ligne, lignes)
        commun = {"indicateur": indicateur, "annee": annee, "provisoire": provisoire}
        if indicateur.type_calcul == TypeCalcul.VALEUR:
            mesure_enregistrer(valeur=valeur, commentaire=ligne["remarque"], **commun)
            nb += 1
            continue
        demo = {"commentaire": COMMENTAIRE_DEMO, "est_demo": True, **commun}
        if indicateur.type_calcul == TypeCalcul.NOMBRE:
            for mois, usagers in enumerate(repartir(int(valeur), POIDS[:mois_fin]), start=1):
                mesure_enregistrer(mois=mois, valeur=Decimal(usagers), **demo)
                nb += 1
            continue
        if indicateur.type_calcul == TypeCalcul.RATIO:
            numerateur, denominateur = fraction_pour(valeur, VOLUMES[indicateur.code] * mois_fin // 10)
            termes = serie_ratio(numerateur, denominateur, mois_fin)
            if mois_fin < 12 and not provisoire:
                # Mois publiés hors « même période » (novembre, décembre) : même taux, volumes inventés.
                n_suite, d_suite = fraction_pour(valeur, VOLUMES[indicateur.code] * (12 - mois_fin) // 10)
                termes += serie_ratio(n_suite, d_suite, 12 - mois_fin, decalage=mois_fin)
            reponses[(indicateur.code, annee)] = [n if indicateur.code != "appels_perdus" else d - n for n, d in termes]
        else:
            base = reponses[(indicateur.code.replace("_delai", "_taux_reponse"), annee)]
            termes = serie_delai(valeur, base[:mois_fin])
            if len(base) > mois_fin:
                termes += serie_delai(valeur, base[mois_fin:])
        for mois, (numerateur, denominateur) in enumerate(termes, start=1):
            mesure_enregistrer(mois=mois, numerateur=Decimal(numerateur), denominateur=Decimal(denominateur), **demo)
            nb += 1
    stdout.write(f"Indicateurs : {len(indicateurs)} indicateurs, {nb} mesures (séries mensuelles de démonstration).")
