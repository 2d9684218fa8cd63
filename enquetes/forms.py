"""Formulaires des enquêtes et du registre de l'écoute des usagers."""

from django import forms

from indicateurs.models import Indicateur, TypeCalcul
from qualite.annees import ANNEE_MAX, ANNEE_MIN, annee_valide
from qualite.forms import ChampDate, FormulaireQualite, ModelFormQualite

from .models import EnqueteMystere, EnqueteSatisfaction, Sollicitation


class EnqueteSatisfactionForm(ModelFormQualite):
    mentions = forms.CharField(
        label="Mentions littérales",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Une tendance par ligne, suivie de « : » et du nombre de mentions, "
        "par exemple « Remerciements au personnel : 11 ».",
    )

    class Meta:
        model = EnqueteSatisfaction
        fields = ["periode", "mode_collecte", "echantillon", "reponses", "nombre_questions", "themes", "mesure"]
        widgets = {"themes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["mentions"] = "\n".join(f"{m.categorie} : {m.nombre}" for m in self.instance.mentions.all())

    def clean_mentions(self) -> list[tuple[str, int]]:
        """« Tendance : 11 » par ligne → [(tendance, 11)] ; une erreur nomme sa ligne."""
        mentions, erreurs = [], []
        for numero, ligne in enumerate(self.cleaned_data["mentions"].splitlines(), start=1):
            if not ligne.strip():
                continue
            categorie, _, nombre = ligne.rpartition(":")
            if not categorie.strip() or not nombre.strip().isdigit():
                erreurs.append(f"ligne {numero} : écrivez « tendance : nombre » (ex. « Remerciements : 11 »).")
                continue
            if any(categorie.strip() == autre for autre, _ in mentions):
                erreurs.append(f"ligne {numero} : la tendance « {categorie.strip()} » figure déjà.")
                continue
            mentions.append((categorie.strip(), int(nombre)))
        if erreurs:
            raise forms.ValidationError(erreurs)
        return mentions

    def clean(self):
        donnees = super().clean()
        echantillon, reponses = donnees.get("echantillon"), donnees.get("reponses")
        if echantillon is not None and reponses is not None and reponses > echantillon:
            self.add_error("reponses", "Il ne peut pas y avoir plus de réponses que de personnes sollicitées.")
        return donnees


class EnqueteMystereForm(ModelFormQualite):
    class Meta:
        model = EnqueteMystere
        fields = [
            "annee",
            "intitule",
            "periode",
            "canal",
            "partenaires",
            "nombre_tests",
            "tests_positifs",
            "taux_positifs",
            "indicateur",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].queryset = Indicateur.objects.filter(type_calcul=TypeCalcul.VALEUR)
        self.fields["annee"].widget.attrs.update(min=ANNEE_MIN, max=ANNEE_MAX)

    def clean(self):
        donnees = super().clean()
        tests, positifs = donnees.get("nombre_tests"), donnees.get("tests_positifs")
        if tests is not None and positifs is not None and positifs > tests:
            self.add_error("tests_positifs", "Il ne peut pas y avoir plus de tests positifs que de tests.")
        if (tests is None or positifs is None) and donnees.get("taux_positifs") is None:
            self.add_error(
                "taux_positifs", "Indiquez la part de résultats positifs, ou le nombre de tests et de tests positifs."
            )
        taux = donnees.get("taux_positifs")
        if taux is not None and not 0 <= taux <= 100:
            self.add_error("taux_positifs", "Une part s'exprime entre 0 et 100 %.")
        annee = donnees.get("annee")
        if annee is not None and not annee_valide(annee):
            self.add_error("annee", f"Année entre {ANNEE_MIN} et {ANNEE_MAX}.")
        return donnees


class SollicitationForm(ModelFormQualite):
    recue_le = ChampDate(label="Reçue le")
    repondue_le = ChampDate(label="Répondue le", required=False)

    class Meta:
        model = Sollicitation
        fields = ["type", "recue_le", "canal", "objet", "service", "resume", "reponse", "repondue_le"]
        widgets = {"resume": forms.Textarea(attrs={"rows": 3}), "reponse": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, services, service_obligatoire: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].required = service_obligatoire

    def clean(self):
        donnees = super().clean()
        recue, repondue = donnees.get("recue_le"), donnees.get("repondue_le")
        if recue and repondue and repondue < recue:
            self.add_error("repondue_le", "La date de réponse ne peut pas précéder la date de réception.")
        if repondue and not donnees.get("reponse", "").strip():
            self.add_error("reponse", "Résumez la réponse apportée, puisqu'une date de réponse est indiquée.")
        return donnees


class BranchementRegistreForm(FormulaireQualite):
    indicateur = forms.ModelChoiceField(
        label="Indicateur",
        queryset=Indicateur.objects.mensuels().filter(type_calcul__in=[TypeCalcul.RATIO, TypeCalcul.DELAI_MOYEN]),
    )
    actif = forms.BooleanField(label="Calculer depuis le registre", required=False)
