"""Changement de référentiel : correspondances (saisie, import, export, couverture), assistant de migration avec
aperçu, rapport au COPIL."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from qualite.acces import acces_requis
from qualite.export import EXTENSIONS, FORMATS_TABLEAU, reponse_fichier
from qualite.imports import vue_import

from .. import acces, correspondances, selectors
from ..forms import ConfirmationMigrationForm, CorrespondanceForm, PaireReferentielsForm
from ..migration import migrer_referentiel
from ..models import Engagement, MigrationReferentiel, Referentiel


def _paire(depuis: int, vers: int) -> tuple[Referentiel, Referentiel]:
    if depuis == vers:
        raise Http404
    return get_object_or_404(Referentiel, pk=depuis), get_object_or_404(Referentiel, pk=vers)


def _nom_fichier(depuis: Referentiel, vers: Referentiel, format: str) -> str:
    noms = [f"{r.code}-{r.version or 'sans-version'}" for r in (depuis, vers)]
    return f"correspondances_{noms[0]}_{noms[1]}.{format}"


@acces_requis(acces.peut_lire)
def correspondance_list(request: HttpRequest) -> HttpResponse:
    form = PaireReferentielsForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "engagements:correspondance_table", depuis=form.cleaned_data["depuis"].pk, vers=form.cleaned_data["vers"].pk
        )
    return render(
        request,
        "engagements/correspondance_list.html",
        {
            "titre": "Changement de référentiel",
            "form": form,
            "paires": selectors.paires_de_correspondances(),
            "migrations": MigrationReferentiel.objects.select_related("depuis", "vers"),
        },
    )


@acces_requis(acces.peut_lire)
def correspondance_table(request: HttpRequest, depuis: int, vers: int) -> HttpResponse:
    origine, cible = _paire(depuis, vers)
    table = selectors.table_correspondances(depuis=origine, vers=cible)
    migration = MigrationReferentiel.objects.filter(depuis=origine, vers=cible).first()
    return render(
        request,
        "engagements/correspondance_table.html",
        {
            "titre": f"Correspondances {origine} → {cible}",
            "table": table,
            "migration": migration,
            "lecture_seule": selectors.migration_du_referentiel(origine) is not None,
            "peut_modifier": acces.peut_modifier_referentiels(request.user),
        },
    )


@acces_requis(acces.peut_modifier_referentiels)
def correspondance_modifier(request: HttpRequest, depuis: int, vers: int, ancien: int) -> HttpResponse:
    origine, cible = _paire(depuis, vers)
    engagement = get_object_or_404(Engagement.objects.select_related("module"), pk=ancien, referentiel=origine)
    retour = reverse("engagements:correspondance_table", args=[depuis, vers]) + f"#engagement-{engagement.pk}"
    if selectors.migration_du_referentiel(origine) is not None:
        messages.error(request, f"{origine} a été remplacé : ses correspondances sont en lecture seule.")
        return redirect(retour)
    existantes = list(engagement.successions.filter(vers=cible))
    initial = {
        "successeurs": [c.nouveau_id for c in existantes if c.nouveau_id],
        "retire": any(c.nouveau_id is None for c in existantes),
        "commentaire": next((c.commentaire for c in existantes if c.commentaire), ""),
    }
    form = CorrespondanceForm(request.POST or None, initial=initial, vers=cible)
    if request.method == "POST" and form.is_valid():
        commentaire = form.cleaned_data["commentaire"].strip()
        nouveaux = list(form.cleaned_data["successeurs"]) or ([None] if form.cleaned_data["retire"] else [])
        correspondances.correspondance_enregistrer(
            depuis=origine,
            vers=cible,
            ancien=engagement,
            successeurs=[(nouveau, commentaire) for nouveau in nouveaux],
            auteur=request.user,
        )
        messages.success(request, f"Correspondances de l'engagement {engagement.code} enregistrées.")
        return redirect(retour)
    return render(
        request,
        "engagements/formulaire.html",
        {
            "titre": f"Successeurs de l'engagement {engagement.code} de {origine}",
            "engagement": engagement,
            "introduction": "Cochez le ou les engagements qui le remplacent, ou « aucun successeur » s'il est retiré. "
            "Ne cochez rien pour le laisser « à décider ».",
            "form": form,
            "url_annuler": retour,
        },
    )


@acces_requis(acces.peut_lire)
def correspondance_export(request: HttpRequest, depuis: int, vers: int, format: str) -> HttpResponse:
    if format not in FORMATS_TABLEAU:
        raise Http404
    origine, cible = _paire(depuis, vers)
    contenu = correspondances.exporter(origine, cible, format)
    return reponse_fichier(contenu, nom=_nom_fichier(origine, cible, EXTENSIONS[format]))


@acces_requis(acces.peut_modifier_referentiels)
def correspondance_import(request: HttpRequest, depuis: int, vers: int) -> HttpResponse:
    origine, cible = _paire(depuis, vers)
    retour = reverse("engagements:correspondance_table", args=[depuis, vers])
    if selectors.migration_du_referentiel(origine) is not None:
        messages.error(request, f"{origine} a été remplacé : ses correspondances sont en lecture seule.")
        return redirect(retour)
    return vue_import(
        request,
        importeur=correspondances.importer_correspondances,
        titre=f"Importer les correspondances {origine} → {cible}",
        colonnes=correspondances.ENTETES,
        url_retour=retour,
        options={"depuis": origine, "vers": cible},
    )


@require_http_methods(["GET", "POST"])
@acces_requis(acces.peut_modifier_referentiels)
def migration_assistant(request: HttpRequest, depuis: int, vers: int) -> HttpResponse:
    """GET : l'aperçu de chaque changement (la migration exécutée puis annulée) ; POST confirmé : la migration."""
    origine, cible = _paire(depuis, vers)
    form = ConfirmationMigrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rapport = migrer_referentiel(depuis=origine, vers=cible, auteur=request.user, simulation=False)
        if rapport.valide and rapport.migration is not None:
            messages.success(request, f"Migration faite : {rapport.resume}")
            return redirect("engagements:migration_detail", pk=rapport.migration.pk)
        for erreur in rapport.erreurs:
            messages.error(request, erreur)
        return redirect(request.path)
    apercu = migrer_referentiel(depuis=origine, vers=cible, auteur=request.user, simulation=True)
    return render(
        request,
        "engagements/migration_assistant.html",
        {
            "titre": f"Migrer de {origine} vers {cible}",
            "depuis": origine,
            "vers": cible,
            "apercu": apercu,
            "table": selectors.table_correspondances(depuis=origine, vers=cible),
            "table_url": reverse("engagements:correspondance_table", args=[depuis, vers]),
            "form": form,
        },
    )


@acces_requis(acces.peut_lire)
def migration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    migration = get_object_or_404(MigrationReferentiel.objects.select_related("depuis", "vers", "auteur"), pk=pk)
    return render(
        request,
        "engagements/migration_detail.html",
        {
            "titre": f"Changement de référentiel : {migration.depuis} → {migration.vers}",
            "rapport": selectors.rapport_changement(migration),
        },
    )
