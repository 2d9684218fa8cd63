"""Les règles d'une mesure, les mêmes pour la saisie, l'import et le service qui l'enregistre.

- aucun terme n'est négatif ;
- un taux ou un délai moyen a ses deux termes (numérateur et dénominateur) ; un nombre ou une valeur
  d'enquête a sa valeur ;
- le dénominateur n'est nul que si le numérateur l'est aussi ;
- un taux : le numérateur ne dépasse pas le dénominateur ;
- chaque terme est fini et dans les bornes d'une mesure (`qualite.nombres.MESURE` : un milliard au plus, deux
  décimales) : un nombre démesuré ou NaN ne peut être enregistré, ni casser ensuite les pages qui le lisent.

`verifier_termes` lève une ValidationError dont chaque message est rangé sous son champ (« numerateur »,
« denominateur », « valeur ») : le formulaire l'affiche sous la cellule, l'import le préfixe de la ligne et
de la colonne.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from qualite import nombres

from .calculs import DELAI_MOYEN, RATIO

NEGATIF = "un nombre ne peut pas être négatif."
TERME_MANQUANT = "les deux termes sont nécessaires."
VALEUR_MANQUANTE = "obligatoire pour cet indicateur."
DENOMINATEUR_NUL = "le dénominateur ne peut pas être nul."
NUMERATEUR_TROP_GRAND = "le numérateur ne peut pas dépasser le dénominateur."


def a_deux_termes(type_calcul: str) -> bool:
    """Un taux ou un délai moyen se saisit en numérateur et dénominateur ; le reste en une valeur."""
    return type_calcul in (RATIO, DELAI_MOYEN)


def verifier_termes(
    type_calcul: str,
    *,
    numerateur: Decimal | None = None,
    denominateur: Decimal | None = None,
    valeur: Decimal | None = None,
) -> None:
    """Lève ValidationError({champ: message}) si la mesure enfreint une règle ; seuls les termes utiles au
    type de calcul sont regardés (la valeur d'un taux, les termes d'un nombre sont ignorés)."""
    deux_termes = a_deux_termes(type_calcul)
    termes = {"numerateur": numerateur, "denominateur": denominateur} if deux_termes else {"valeur": valeur}
    erreurs = {}
    for champ, nombre in termes.items():
        if nombre is None:
            erreurs[champ] = TERME_MANQUANT if deux_termes else VALEUR_MANQUANTE
        elif nombre.is_finite() and nombre < 0:
            erreurs[champ] = NEGATIF
        else:
            try:
                nombres.verifier(nombre, nombres.MESURE)
            except ValueError as erreur:
                erreurs[champ] = f"{erreur}."
    if deux_termes and not erreurs:
        if denominateur == 0 and numerateur != 0:
            erreurs["denominateur"] = DENOMINATEUR_NUL
        elif type_calcul == RATIO and numerateur > denominateur:
            erreurs["numerateur"] = NUMERATEUR_TROP_GRAND
    if erreurs:
        raise ValidationError({champ: [message] for champ, message in erreurs.items()})
