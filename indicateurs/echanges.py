"""Les indicateurs échangés en tableau (xlsx, ods, csv), par django-import-export (`qualite.echanges`).

- `MesureEchange` : les mesures (Indicateur, Période, Numérateur, Dénominateur, Valeur, Provisoire,
  Commentaire), avec, pour le lecteur, le libellé de l'indicateur, le premier jour de la période en date,
  la valeur calculée de la période et celle de l'année à cette date (taux au format pourcentage) ;
- `IndicateurEchange` : les définitions (code, libellé, calcul, unité, sens, cible, seuil d'alerte,
  périodicité, service, engagements du référentiel nommé, période d'activité).

Toutes les lignes sont vérifiées avant d'écrire (règles de `regles.verifier_termes`, `full_clean` du modèle) ;
une erreur nomme sa ligne et sa colonne ; l'export se réimporte sans perte (0 créé, 0 modifié).
"""

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from import_export import fields

from engagements.models import Engagement
from engagements.nommage import AvecReferentielNomme, EngagementsWidget, referentiels_de
from organisation.models import Service
from qualite.echanges import (
    ChampRelations,
    ChoixWidget,
    CorrespondanceWidget,
    DateWidget,
    DecimalWidget,
    Echange,
    OuiNonWidget,
    TexteWidget,
    relation,
)
from qualite.export import Taux
from qualite.tableur import nettoyer, normaliser

from . import calculs
from .models import Indicateur, Mesure, Periodicite, Sens, TypeCalcul
from .regles import verifier_termes
from .selectors import composantes, dernier_mois_couvert, valeur_periode
from .services import indicateur_enregistrer, mesure_enregistrer


def lire_periode(texte: str, indicateur: Indicateur | None) -> tuple[int, int, int]:
    """« 2023-10 » → (2023, 0, 10) ; « 2023-T2 » → (2023, 2, 0) ; « 2023 » → (2023, 0, 0)."""
    texte = nettoyer(texte).upper().replace("/", "-")
    if correspondance := re.fullmatch(r"(\d{4})-(\d{1,2})", texte):
        annee, mois = int(correspondance[1]), int(correspondance[2])
        if not 1 <= mois <= 12:
            raise ValueError(f"mois « {mois} » impossible")
        attendu, periode = Periodicite.MENSUELLE, (annee, 0, mois)
    elif correspondance := re.fullmatch(r"(\d{4})-T([1-4])", texte):
        attendu, periode = Periodicite.TRIMESTRIELLE, (int(correspondance[1]), int(correspondance[2]), 0)
    elif re.fullmatch(r"\d{4}", texte):
        attendu, periode = Periodicite.ANNUELLE, (int(texte), 0, 0)
    else:
        raise ValueError(f"période « {texte} » non reconnue (attendu AAAA-MM, AAAA-Tn ou AAAA)")
    if indicateur is not None and attendu != indicateur.periodicite:
        raise ValueError(
            f"période « {texte} » incompatible avec un indicateur de périodicité "
            f"{indicateur.get_periodicite_display().lower()}"
        )
    return periode


def en_taux(indicateur: Indicateur, valeur: Decimal | None) -> Decimal | None:
    """La valeur telle qu'un classeur l'écrit : un taux (8,23 → 0,0823 au format %) ou le nombre."""
    if valeur is None:
        return None
    if indicateur.type_calcul == TypeCalcul.RATIO or (
        indicateur.type_calcul == TypeCalcul.VALEUR and indicateur.unite == "%"
    ):
        return Taux(valeur / 100)
    return valeur


def _indicateurs() -> dict[str, Indicateur]:
    return {indicateur.code: indicateur for indicateur in Indicateur.objects.all()}


class ChampPeriode(fields.Field):
    """« Période » : l'année et le mois (ou le trimestre) de la mesure."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        indicateur = getattr(instance, "indicateur", None) if instance.indicateur_id else None
        instance.annee, instance.trimestre, instance.mois = lire_periode(row[self.column_name], indicateur)

    def get_value(self, instance):
        return instance.periode if instance.annee else ""


class MesureEchange(Echange):
    feuille = "Mesures"
    obligatoires = {"Indicateur", "Période"}
    variantes = {"Indicateur": ["Code", "Code indicateur"], "Période": ["Periode", "Mois"]}
    informatives = {"Libellé", "Début de la période", "Valeur de la période", "Valeur de l'année à cette date"}
    largeurs = {"Libellé": 40, "Commentaire": 40}
    colonnes_apercu = ["Indicateur", "Période", "Numérateur", "Dénominateur", "Valeur"]
    aide = {
        "Indicateur": "code de l'indicateur (obligatoire)",
        "Libellé": "libellé de l'indicateur (pour le lecteur)",
        "Période": "AAAA-MM (mensuel), AAAA-Tn (trimestriel) ou AAAA (annuel) (obligatoire)",
        "Début de la période": "premier jour de la période, en date (pour trier et filtrer)",
        "Numérateur": "taux et délais : le numérateur (appels perdus, total des délais…)",
        "Dénominateur": "taux et délais : le dénominateur (appels reçus, réponses…)",
        "Valeur": "nombres et enquêtes : la valeur",
        "Valeur de la période": "calculée par l'application (taux au format pourcentage)",
        "Valeur de l'année à cette date": "cumul de l'année jusqu'à cette période, calculé par l'application",
        "Provisoire": "oui ou non",
        "Commentaire": "texte libre",
    }

    indicateur = fields.Field(
        "indicateur",
        "Indicateur",
        widget=CorrespondanceWidget(charger=_indicateurs, rendu=lambda i: i.code, message="code « {texte} » inconnu"),
    )
    libelle = fields.Field("indicateur__libelle", "Libellé", readonly=True, widget=TexteWidget())
    periode = ChampPeriode("periode", "Période", widget=TexteWidget())
    debut = fields.Field(column_name="Début de la période", readonly=True, widget=DateWidget())
    numerateur = fields.Field("numerateur", "Numérateur", widget=DecimalWidget())
    denominateur = fields.Field("denominateur", "Dénominateur", widget=DecimalWidget())
    valeur = fields.Field("valeur", "Valeur", widget=DecimalWidget())
    valeur_mois = fields.Field(column_name="Valeur de la période", readonly=True, widget=DecimalWidget())
    valeur_annee = fields.Field(column_name="Valeur de l'année à cette date", readonly=True, widget=DecimalWidget())
    provisoire = fields.Field("provisoire", "Provisoire", widget=OuiNonWidget())
    commentaire = fields.Field("commentaire", "Commentaire", widget=TexteWidget(multiligne=True))

    class Meta(Echange.Meta):
        model = Mesure
        fields = (
            "indicateur",
            "libelle",
            "periode",
            "debut",
            "numerateur",
            "denominateur",
            "valeur",
            "valeur_mois",
            "valeur_annee",
            "provisoire",
            "commentaire",
        )
        import_id_fields = ("indicateur", "periode")
        chunk_size = 5000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._existantes: dict[tuple, Mesure] | None = None
        self._par_annee: dict[tuple[int, int], list[Mesure]] = {}

    # Export.

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.select_related("indicateur")
        mesures = list(queryset.order_by("indicateur__ordre", "indicateur__code", "annee", "trimestre", "mois"))
        self._par_annee = defaultdict(list)
        for mesure in mesures:
            self._par_annee[(mesure.indicateur_id, mesure.annee)].append(mesure)
        return mesures

    def dehydrate_debut(self, mesure: Mesure) -> date:
        premier_mois = mesure.mois or ((mesure.trimestre - 1) * 3 + 1 if mesure.trimestre else 1)
        return date(mesure.annee, premier_mois, 1)

    def dehydrate_valeur_mois(self, mesure: Mesure) -> Decimal | None:
        return en_taux(mesure.indicateur, calculs.valeur_periode(mesure.indicateur.type_calcul, composantes(mesure)))

    def dehydrate_valeur_annee(self, mesure: Mesure) -> Decimal | None:
        mesures = self._par_annee.get((mesure.indicateur_id, mesure.annee))
        cumul = valeur_periode(
            mesure.indicateur, mesure.annee, jusqu_au_mois=dernier_mois_couvert(mesure), mesures=mesures
        )
        return en_taux(mesure.indicateur, cumul.valeur)

    # Import : les mesures existantes lues une fois, retrouvées par (indicateur, période).

    def get_instance(self, instance_loader, row):
        if self._existantes is None:
            self._existantes = {
                (m.indicateur_id, m.annee, m.trimestre, m.mois): m for m in Mesure.objects.select_related("indicateur")
            }
        try:
            indicateur = self.fields["indicateur"].clean(row)
            if indicateur is None:
                return None
            cle = (indicateur.pk, *lire_periode(row["Période"], indicateur))
        except (ValueError, KeyError):
            return None
        return self._existantes.get(cle)

    def before_import(self, dataset, **kwargs):
        self._vues: dict[tuple, int] = {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        erreurs = dict(import_validation_errors or {})
        indicateur = instance.indicateur if instance.indicateur_id else None
        if indicateur is not None and indicateur.source_registre:
            erreurs["indicateur"] = [
                f"« {indicateur.code} » est calculé depuis le registre des sollicitations, il ne s'importe pas "
                "(enregistrez les sollicitations dans l'écoute des usagers)."
            ]
        if indicateur is not None and not erreurs:
            cle = (indicateur.pk, instance.annee, instance.trimestre, instance.mois)
            if cle in self._vues:
                erreurs["periode"] = [f"{instance.periode} figure deux fois pour {indicateur.code}."]
            self._vues[cle] = 1
            try:
                verifier_termes(
                    indicateur.type_calcul,
                    numerateur=instance.numerateur,
                    denominateur=instance.denominateur,
                    valeur=instance.valeur,
                )
            except ValidationError as erreur:
                erreurs = erreur.update_error_dict(erreurs)
        if erreurs:
            raise ValidationError(erreurs)

    def save_instance(self, instance, is_create, row, **kwargs):
        mesure_enregistrer(
            indicateur=instance.indicateur,
            annee=instance.annee,
            trimestre=instance.trimestre,
            mois=instance.mois,
            numerateur=instance.numerateur,
            denominateur=instance.denominateur,
            valeur=instance.valeur,
            provisoire=instance.provisoire,
            commentaire=instance.commentaire,
            auteur=self.utilisateur,
        )

    def colonnes_des_attributs(self) -> dict[str, str]:
        return {"annee": "Période", "mois": "Période", "trimestre": "Période"}


# Les définitions d'indicateurs.


def _services() -> dict[str, Service]:
    table: dict[str, Service] = {}
    for service in Service.objects.order_by("-actif", "pk"):
        table.setdefault(normaliser(service.nom), service)
    return table


class IndicateurEchange(AvecReferentielNomme, Echange):
    feuille = "Indicateurs"
    obligatoires = {"Code", "Libellé"}
    variantes = {"Code": ["Indicateur"], "Service": ["Service chargé du recueil", "Service pilote"]}
    contexte = {"Référentiel", "Version"}
    largeurs = {"Libellé": 40, "Mode de calcul": 40, "Calcul": 30}
    colonnes_apercu = ["Code", "Libellé", "Calcul", "Cible"]
    aide = {
        "Code": "identifiant court, sans espace (appels_perdus) ; connu : la définition est mise à jour",
        "Libellé": "obligatoire",
        "Mode de calcul": "explication pour le lecteur",
        "Calcul": "Taux, Délai moyen, Nombre ou Valeur saisie",
        "Unité": "%, jours, appels…",
        "Sens": "Cible maximale ou Cible minimale (vide : pas de cible)",
        "Cible": "nombre (un taux en points : 5 pour 5 %)",
        "Seuil d'alerte": "nombre, entre la cible et la limite",
        "Périodicité": "Mensuelle, Trimestrielle ou Annuelle",
        "Service": "nom exact du service chargé du recueil",
        "Référentiel": "code du référentiel des engagements",
        "Version": "version de ce référentiel",
        "Engagements": "codes des engagements (« 1.17 »), séparés par des virgules",
        "Suivi depuis le": "date (jj/mm/aaaa)",
        "Suivi jusqu'au": "date (jj/mm/aaaa) ; vide : toujours suivi",
    }

    code = fields.Field("code", "Code", widget=TexteWidget())
    libelle = fields.Field("libelle", "Libellé", widget=TexteWidget())
    mode_calcul = fields.Field("mode_calcul", "Mode de calcul", widget=TexteWidget(multiligne=True))
    type_calcul = fields.Field("type_calcul", "Calcul", widget=ChoixWidget(TypeCalcul.choices))
    unite = fields.Field("unite", "Unité", widget=TexteWidget())
    sens = fields.Field("sens", "Sens", widget=ChoixWidget(Sens.choices))
    cible = fields.Field("cible", "Cible", widget=DecimalWidget())
    seuil_alerte = fields.Field("seuil_alerte", "Seuil d'alerte", widget=DecimalWidget())
    periodicite = fields.Field(
        "periodicite", "Périodicité", widget=ChoixWidget(Periodicite.choices, defaut=Periodicite.MENSUELLE)
    )
    service_recueil = fields.Field(
        "service_recueil",
        "Service",
        widget=CorrespondanceWidget(
            charger=_services,
            rendu=lambda service: service.nom,
            cle=normaliser,
            message="service « {texte} » inconnu (nom exact d'un service de l'organisation)",
        ),
    )
    referentiel = fields.Field(column_name="Référentiel", readonly=True, widget=TexteWidget())
    version_referentiel = fields.Field(column_name="Version", readonly=True, widget=TexteWidget())
    engagements = ChampRelations("engagements", "Engagements")
    date_debut = fields.Field("date_debut", "Suivi depuis le", widget=DateWidget())
    date_fin = fields.Field("date_fin", "Suivi jusqu'au", widget=DateWidget())

    class Meta(Echange.Meta):
        model = Indicateur
        fields = (
            "code",
            "libelle",
            "mode_calcul",
            "type_calcul",
            "unite",
            "sens",
            "cible",
            "seuil_alerte",
            "periodicite",
            "service_recueil",
            "referentiel",
            "version_referentiel",
            "engagements",
            "date_debut",
            "date_fin",
        )
        import_id_fields = ("code",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["engagements"].widget = EngagementsWidget(self, colonne_modules="")

    def get_queryset(self):
        return precharger(Indicateur.objects.all())

    def filter_export(self, queryset, **kwargs):
        return precharger(queryset)

    def referentiels_exportes(self, indicateur: Indicateur) -> list:
        return referentiels_de(relation(indicateur, "engagements"))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique=instance.pk is None)

    def save_instance(self, instance, is_create, row, **kwargs):
        engagements = getattr(instance, "_relations", {}).get("engagements")
        if engagements is None:
            engagements = relation(instance, "engagements") if instance.pk else []
        indicateur_enregistrer(indicateur=instance, engagements=engagements)

    def save_m2m(self, instance, row, **kwargs):
        """Les engagements sont enregistrés par `indicateur_enregistrer`."""


def precharger(indicateurs: QuerySet[Indicateur]) -> QuerySet[Indicateur]:
    return indicateurs.select_related("service_recueil").prefetch_related(
        Prefetch(
            "engagements",
            queryset=Engagement.objects.select_related("module", "referentiel"),
            to_attr="engagements_lus",
        )
    )


importer_mesures = MesureEchange.importeur()
importer_indicateurs = IndicateurEchange.importeur()
ENTETES = [c for c in MesureEchange().get_export_headers() if c not in MesureEchange.informatives]
ENTETES_INDICATEURS = IndicateurEchange().get_export_headers()


def exporter_mesures(mesures, format: str) -> bytes:
    return MesureEchange().exporter(format, mesures)


def exporter_indicateurs(indicateurs, format: str) -> bytes:
    return IndicateurEchange().exporter(format, indicateurs)
