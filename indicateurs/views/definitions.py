"""Définitions des indicateurs dans le navigateur : création, modification, désactivation, catalogue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.export import EXTENSIONS, FORMATS_TABLEAU, reponse_fichier
from qualite.imports import vue_import

from .. import acces, services
from ..echanges import ENTETES_INDICATEURS, exporter_indicateurs, importer_indicateurs
from ..forms import IndicateurForm
from ..models import Indicateur


def _formulaire(request: HttpRequest, indicateur: Indicateur | None = None) -> HttpResponse:
    form = IndicateurForm(request.POST or None, instance=indicateur)
    if request.method == "POST" and form.is_valid():
        champs = {nom: valeur for nom, valeur in form.cleaned_data.items() if nom != "engagements"}
        try:
            indicateur = services.indicateur_enregistrer(
                indicateur=indicateur, engagements=form.cleaned_data["engagements"], **champs
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Indicateur « {indicateur.libelle} » enregistré.")
            return redirect("indicateurs:detail", code=indicateur.code)
    form.premier_champ_en_erreur()
    titre = f"Modifier l'indicateur « {indicateur.libelle} »" if indicateur else "Nouvel indicateur"
    retour = reverse("indicateurs:detail", args=[indicateur.code]) if indicateur else reverse("indicateurs:liste")
    return render(request, "indicateurs/indicateur_form.html", {"titre": titre, "form": form, "url_annuler": retour})


@acces_requis(acces.peut_definir)
def indicateur_creer(request: HttpRequest) -> HttpResponse:
    return _formulaire(request)


@acces_requis(acces.peut_definir)
def indicateur_modifier(request: HttpRequest, code: str) -> HttpResponse:
    return _formulaire(request, acces.indicateur_lisible(request.user, code))


@require_POST
@acces_requis(acces.peut_definir)
def indicateur_desactiver(request: HttpRequest, code: str) -> HttpResponse:
    indicateur = services.indicateur_desactiver(
        indicateur=acces.indicateur_lisible(request.user, code), le=timezone.localdate()
    )
    messages.success(
        request,
        f"« {indicateur.libelle} » est suivi jusqu'au {indicateur.date_fin:%d/%m/%Y} ; ses mesures sont gardées.",
    )
    return redirect("indicateurs:detail", code=indicateur.code)


@acces_requis(acces.peut_definir)
def catalogue(request: HttpRequest) -> HttpResponse:
    definis = set(Indicateur.objects.values_list("code", flat=True))
    modeles = [{**modele, "defini": modele["code"] in definis} for modele in services.catalogue()]
    return render(
        request, "indicateurs/catalogue.html", {"titre": "Catalogue des indicateurs usuels", "modeles": modeles}
    )


@require_POST
@acces_requis(acces.peut_definir)
def catalogue_ajouter(request: HttpRequest, code: str) -> HttpResponse:
    try:
        indicateur = services.indicateur_depuis_catalogue(code=code)
    except KeyError:
        raise Http404("Indicateur absent du catalogue") from None
    except ValidationError:
        messages.info(request, "Cet indicateur est déjà défini.")
        return redirect("indicateurs:catalogue")
    messages.success(
        request, f"Indicateur « {indicateur.libelle} » ajouté : précisez son service de recueil et ses engagements."
    )
    return redirect("indicateurs:modifier", code=indicateur.code)


@acces_requis(acces.peut_definir)
def definitions_import(request: HttpRequest) -> HttpResponse:
    return vue_import(
        request,
        importeur=importer_indicateurs,
        titre="Importer des définitions d'indicateurs",
        colonnes=ENTETES_INDICATEURS,
        url_retour=reverse("indicateurs:liste"),
    )


@acces_requis(acces.peut_lire)
def definitions_export(request: HttpRequest, format: str) -> HttpResponse:
    if format not in FORMATS_TABLEAU:
        raise Http404("Format inconnu")
    contenu = exporter_indicateurs(Indicateur.objects.order_by("ordre", "code"), format)
    return reponse_fichier(contenu, nom=f"definitions-indicateurs.{EXTENSIONS[format]}")
