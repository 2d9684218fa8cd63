"""Formulaires de saisie des mesures : une ligne par indicateur (ou par mois), erreurs nommées."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from organisation.choix import grouper_services
from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite, SaisieCase, SaisieTexte
from qualite.tableur import lire_decimal

from .models import Indicateur, Sens
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
        # Ce que la ligne montre à côté des cellules (valeur calculée, statut, N-1) : `selectors.suivi_saisie`.
        self.suivi: Any = None
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


class IndicateurForm(ModelFormQualite):
    """La définition d'un indicateur, créée ou modifiée dans le navigateur."""

    date_debut = ChampDate(label="Suivi depuis le", required=False)
    date_fin = ChampDate(label="Suivi jusqu'au", required=False, help_text="Vide : toujours suivi.")

    class Meta:
        model = Indicateur
        fields = [
            "code",
            "libelle",
            "type_calcul",
            "mode_calcul",
            "unite",
            "sens",
            "cible",
            "seuil_alerte",
            "periodicite",
            "service_recueil",
            "engagements",
            "date_debut",
            "date_fin",
            "ordre",
        ]
        widgets = {"mode_calcul": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagements"].queryset = self.fields["engagements"].queryset.select_related(
            "referentiel", "module"
        )
        self.fields["engagements"].label_from_instance = lambda e: f"{e.referentiel} — {e.code} {e.libelle[:80]}"
        self.fields["engagements"].required = False
        self.fields["service_recueil"].queryset = self.fields["service_recueil"].queryset.filter(actif=True)
        grouper_services(self.fields["service_recueil"])

    def clean(self):
        donnees = super().clean()
        sens, cible, seuil = donnees.get("sens"), donnees.get("cible"), donnees.get("seuil_alerte")
        if cible is not None and not sens:
            self.add_error("sens", "Indiquez si la cible est un maximum ou un minimum.")
        if seuil is not None and cible is not None and sens:
            if sens == Sens.MAX and seuil > cible:
                self.add_error("seuil_alerte", "Cible maximale : le seuil d'alerte est inférieur ou égal à la cible.")
            if sens == Sens.MIN and seuil < cible:
                self.add_error("seuil_alerte", "Cible minimale : le seuil d'alerte est supérieur ou égal à la cible.")
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La fin du suivi précède son début.")
        return donnees
