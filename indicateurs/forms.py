"""Formulaires de saisie des mesures : une ligne par indicateur (ou par mois), erreurs nommées."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from qualite.forms import FormulaireQualite, SaisieCase, SaisieTexte
from qualite.tableur import lire_decimal

from .models import Indicateur
from .regles import verifier_termes


class ChampNombre(forms.Field):
    """Nombre saisi au clavier : « 1 234,5 » ou « 1234.5 » (les règles de la mesure : `regles`)."""

    widget = SaisieTexte(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "fr-input"})

    def to_python(self, value) -> Decimal | None:
        try:
            nombre = lire_decimal(value)
        except ValueError as erreur:
            raise forms.ValidationError(f"{erreur} : saisissez un nombre, par exemple 1234 ou 8,5.") from None
        return nombre

    def has_changed(self, initial, data) -> bool:
        try:
            return lire_decimal(initial) != lire_decimal(data)
        except ValueError:
            return True


class MesureForm(FormulaireQualite):
    """Une ligne de saisie : numérateur et dénominateur (taux, délai) ou valeur (nombre, enquête)."""

    numerateur = ChampNombre(label="Numérateur", required=False)
    denominateur = ChampNombre(label="Dénominateur", required=False)
    valeur = ChampNombre(label="Valeur", required=False)
    provisoire = forms.BooleanField(label="Provisoire", required=False, widget=SaisieCase)
    commentaire = forms.CharField(
        label="Commentaire", required=False, max_length=500, widget=SaisieTexte(attrs={"class": "fr-input"})
    )

    def __init__(self, *args, indicateur: Indicateur, libelle_ligne: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicateur = indicateur
        self.libelle_ligne = libelle_ligne
        if indicateur.a_deux_termes:
            del self.fields["valeur"]
            self.fields["numerateur"].label = indicateur.libelle_numerateur
            self.fields["denominateur"].label = indicateur.libelle_denominateur
        else:
            del self.fields["numerateur"]
            del self.fields["denominateur"]
        if indicateur.source_registre:
            # Calculé depuis le registre : champs en lecture seule, les valeurs envoyées sont ignorées.
            for champ in self.fields.values():
                champ.disabled = True
        for nom, champ in self.fields.items():
            champ.widget.attrs["aria-label"] = f"{champ.label} — {libelle_ligne}"
            if nom in self.errors:
                champ.widget.attrs["aria-invalid"] = "true"
                champ.widget.attrs["aria-describedby"] = f"{self.auto_id % self.add_prefix(nom)}-erreur"

    @property
    def est_vide(self) -> bool:
        donnees = [self.data.get(self.add_prefix(nom), "") for nom in ("numerateur", "denominateur", "valeur")]
        return (
            all(not str(valeur).strip() for valeur in donnees)
            and not self.data.get(self.add_prefix("commentaire"), "").strip()
        )

    def clean(self):
        donnees = super().clean()
        termes = [nom for nom in ("numerateur", "denominateur", "valeur") if nom in self.fields]
        if any(nom in self.errors for nom in termes):
            return donnees  # un nombre illisible : son erreur suffit
        try:
            verifier_termes(self.indicateur.type_calcul, **{nom: donnees.get(nom) for nom in termes})
        except ValidationError as erreur:
            self.add_error(None, erreur)
        return donnees

    def messages_erreur(self) -> list[tuple[str, str]]:
        """(identifiant du champ, message qui nomme la ligne et le champ)."""
        resultat = []
        for nom, erreurs in self.errors.items():
            champ = self.fields.get(nom)
            libelle = champ.label if champ else "Ligne"
            ident = self[nom].id_for_label if champ else ""
            for erreur in erreurs:
                resultat.append((ident, f"{self.libelle_ligne} — {libelle} : {erreur}"))
        return resultat


def texte_nombre(valeur: Decimal | None) -> str:
    """2469.00 → « 2469 » ; 12.50 → « 12,5 » (valeur initiale d'un champ de saisie)."""
    if valeur is None:
        return ""
    texte = f"{valeur.normalize():f}"
    return texte.replace(".", ",")
