"""Les résultats d'enquête de satisfaction échangés (xlsx, ods, csv), par django-import-export.

Le fichier est pivoté, au format de satisfaction_2022_2023.csv : Thème, Critère, puis une colonne par année
(« 2022 », « 2023 ») contenant le taux « très satisfait + satisfait » en %. À la lecture, il est mis « une
ligne par résultat » (Thème, Critère, Année, Taux) : c'est ce jeu intermédiaire que django-import-export
compare et enregistre (`qualite.echanges`). Chaque année crée (ou actualise) son enquête ; une cellule vide
laisse le critère sans résultat pour cette année. Tout est vérifié avant d'écrire ; une erreur nomme sa ligne
et sa colonne. L'export se réimporte sans perte (0 créé, 0 modifié) ; une cellule retouchée ne change que ce
résultat (« ligne 4 : 2023 93 → 95 »). L'ordre des critères est celui du fichier à leur création.
"""

from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from import_export import fields

from qualite.annees import ANNEES
from qualite.echanges import DecimalWidget, Echange, EntierWidget, TexteWidget
from qualite.export import Colonne, Feuille
from qualite.imports import RapportImport
from qualite.tableur import lire_decimal, lire_tableau

from .models import EnqueteSatisfaction, ResultatCritere
from .services import enquete_obtenir, resultat_enregistrer

COLONNES = {
    "theme": ["Thème", "Theme"],
    "critere": ["Critère", "Critere"],
    **{str(annee): [str(annee)] for annee in ANNEES},
}
ENTETES = ["Thème", "Critère", "une colonne par année (ex. 2022, 2023) : taux de satisfaction en %"]


class ChampAnnee(fields.Field):
    """« Année » : l'enquête du résultat (créée à l'enregistrement si l'année est nouvelle)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._annee = self.clean(row, **kwargs)

    def get_value(self, instance):
        if hasattr(instance, "_annee"):
            return instance._annee
        return instance.enquete.annee if instance.enquete_id else None


class ResultatEchange(Echange):
    feuille = "Satisfaction"
    colonnes_apercu = ["Thème", "Critère", "Année", "Taux"]

    theme = fields.Field("theme", "Thème", widget=TexteWidget())
    critere = fields.Field("critere", "Critère", widget=TexteWidget())
    annee = ChampAnnee("annee", "Année", widget=EntierWidget())
    taux = fields.Field("taux", "Taux", widget=DecimalWidget())

    class Meta(Echange.Meta):
        model = ResultatCritere
        fields = ("theme", "critere", "annee", "taux")
        import_id_fields = ("theme", "critere", "annee")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._existants: dict[tuple[int, str, str], ResultatCritere] | None = None
        self._enquetes: dict[int, EnqueteSatisfaction] = {}
        self._erreurs: list[tuple[int | None, str]] = []
        self._ordres: list[int] = []
        self._rang = 0

    # Lecture : le tableau pivoté mis « une ligne par résultat ».

    def lire(self, fichier, nom: str) -> tablib.Dataset:
        tableau = lire_tableau(fichier, colonnes=COLONNES, obligatoires={"theme", "critere"}, nom=nom)
        annees = sorted(int(cle) for cle in tableau.colonnes if cle.isdigit())
        jeu = tablib.Dataset(headers=["Thème", "Critère", "Année", "Taux"])
        self.numeros, self._erreurs, self._ordres = [], [], []
        if not annees:
            self._erreurs.append(
                (tableau.ligne_entete, "En-tête : aucune colonne d'année (ex. « 2023 ») n'a été trouvée.")
            )
            return jeu
        vus: dict[tuple[str, str], int] = {}
        ordre = 0
        for ligne in tableau.lignes:
            if ligne.est_vide:
                continue
            theme, critere = ligne.texte("theme"), ligne.texte("critere")
            if not theme:
                self._erreurs.append((ligne.numero, "Colonne « Thème » : valeur manquante."))
            if not critere:
                self._erreurs.append((ligne.numero, "Colonne « Critère » : valeur manquante."))
            if not theme or not critere:
                continue
            if (theme, critere) in vus:
                message = f"Critère « {critere} » déjà présent ligne {vus[(theme, critere)]}."
                self._erreurs.append((ligne.numero, message))
                continue
            vus[(theme, critere)] = ligne.numero
            for annee in annees:
                try:
                    valeur = lire_decimal(ligne.valeurs.get(str(annee)))
                except ValueError as erreur:
                    self._erreurs.append((ligne.numero, f"Colonne « {annee} » : {erreur}."))
                    continue
                if valeur is None:
                    continue
                if not Decimal(0) <= valeur <= Decimal(100):
                    self._erreurs.append((ligne.numero, f"Colonne « {annee} » : taux « {valeur} » hors de 0 à 100 %."))
                    continue
                jeu.append([theme, critere, annee, valeur])
                self.numeros.append(ligne.numero)
                self._ordres.append(ordre)
            ordre += 1
        return jeu

    def verifier_jeu(self, jeu: tablib.Dataset, rapport: RapportImport) -> None:
        for numero, message in self._erreurs:
            rapport.erreur(numero, message)

    # Import : les résultats lus une fois, retrouvés par (année, thème, critère).

    def get_instance(self, instance_loader, row):
        if self._existants is None:
            self._existants = {
                (r.enquete.annee, r.theme, r.critere): r for r in ResultatCritere.objects.select_related("enquete")
            }
        return self._existants.get((int(row["Année"]), row["Thème"], row["Critère"]))

    def before_import_row(self, row, **kwargs):
        self._rang = kwargs.get("row_number", self._rang + 1)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Les valeurs ont été vérifiées à la lecture ; l'enquête d'une année nouvelle n'existe pas encore."""
        erreurs = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=["enquete", *erreurs], validate_unique=False)
        except ValidationError as erreur:
            erreurs = erreur.update_error_dict(erreurs)
        if erreurs:
            raise ValidationError(erreurs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        saute = super().skip_row(instance, original, row, import_validation_errors)
        for changement in self._changements_ligne:
            if changement.colonne == "Taux":
                changement.colonne = str(row["Année"])
        return saute

    def save_instance(self, instance, is_create, row, **kwargs):
        annee = instance._annee
        if annee not in self._enquetes:
            self._enquetes[annee] = enquete_obtenir(annee=annee)[0]
        ordre = self._ordres[self._rang - 1] if is_create else instance.ordre
        resultat_enregistrer(
            enquete=self._enquetes[annee],
            theme=instance.theme,
            critere=instance.critere,
            taux=instance.taux,
            ordre=ordre,
        )

    # Export : une ligne par (thème, critère), une colonne par année.

    def feuilles(self, queryset=None) -> list[Feuille]:
        resultats = queryset if queryset is not None else ResultatCritere.objects.all()
        resultats = resultats.select_related("enquete").order_by("ordre", "pk")
        lignes: dict[tuple[str, str], dict[int, Decimal]] = {}
        annees: set[int] = set()
        for resultat in resultats:
            lignes.setdefault((resultat.theme, resultat.critere), {})[resultat.enquete.annee] = resultat.taux
            annees.add(resultat.enquete.annee)
        ordonnees = sorted(annees)
        colonnes = [
            Colonne(titre="Thème", largeur=30, aide="thème du questionnaire (obligatoire)"),
            Colonne(titre="Critère", largeur=50, aide="critère (obligatoire) ; même thème et critère : actualisé"),
            *(
                Colonne(titre=str(annee), aide="taux « très satisfait + satisfait », en % (vide : pas de résultat)")
                for annee in ordonnees
            ),
        ]
        rangees = [
            [theme, critere, *(taux[annee].normalize() if annee in taux else None for annee in ordonnees)]
            for (theme, critere), taux in lignes.items()
        ]
        return [Feuille(titre=self.feuille, colonnes=colonnes, lignes=rangees)]


importer_enquete = ResultatEchange.importeur()


def exporter_resultats(format: str, resultats=None) -> bytes:
    return ResultatEchange().exporter(format, resultats)
