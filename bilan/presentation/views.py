"""Page « Présentations » : demander le diaporama du comité, suivre sa construction, le télécharger ;
téléverser le masque PowerPoint de la préfecture."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.fichiers import servir_fichier

from .. import acces, selectors
from ..models import DemandePresentation
from ..views import annoncer_demande, contexte_demandes
from . import services
from .forms import MASQUE_INTEGRE, DemandePresentationForm, MasquePresentationForm
from .rendu import TYPES_MIME


def _page(
    request: HttpRequest,
    *,
    form: DemandePresentationForm | None = None,
    form_masque: MasquePresentationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    contexte = contexte_demandes(request, selectors.demandes_presentation())
    masque = selectors.masque_en_service()
    if acces.peut_demander(request.user):
        form = form or DemandePresentationForm(
            masque=masque,
            initial={
                "annee": timezone.localdate().year - 1,
                "edition": "copil",
                "format": "pptx",
                "masque": MASQUE_INTEGRE,
            },
        )
        form_masque = form_masque or MasquePresentationForm()
    contexte.update(titre="Présentations au comité", form=form, form_masque=form_masque, masque=masque)
    return render(request, "bilan/presentation_list.html", contexte, status=status)


@acces_requis(acces.peut_suivre)
def presentation_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@acces_requis(acces.peut_suivre)
def presentation_etat(request: HttpRequest) -> HttpResponse:
    """Le fragment du tableau des demandes, rechargé toutes les 3 secondes tant qu'une demande est active."""
    return render(request, "bilan/_presentations.html", contexte_demandes(request, selectors.demandes_presentation()))


@require_POST
@acces_requis(acces.peut_demander)
def presentation_creer(request: HttpRequest) -> HttpResponse:
    form = DemandePresentationForm(request.POST, masque=selectors.masque_en_service())
    if not form.is_valid():
        form.premier_champ_en_erreur()
        return _page(request, form=form, status=400)
    demande, creee = services.presentation_demander(
        annee=form.cleaned_data["annee"],
        edition=form.cleaned_data["edition"],
        format=form.cleaned_data["format"],
        diapositives=form.cleaned_data["diapositives"],
        masque=form.masque_choisi(),
        demandeur=request.user,
    )
    libelle = f"{demande.annee} ({demande.get_edition_display()}, {demande.format.upper()})"
    annoncer_demande(request, demande=demande, creee=creee, quoi=f"diaporama {libelle}")
    return redirect("bilan:presentation_list")


@require_POST
@acces_requis(acces.peut_demander)
def masque_televerser(request: HttpRequest) -> HttpResponse:
    form = MasquePresentationForm(request.POST, request.FILES)
    if not form.is_valid():
        form.premier_champ_en_erreur()
        return _page(request, form_masque=form, status=400)
    masque = services.masque_televerser(fichier=form.cleaned_data["fichier"], utilisateur=request.user)
    messages.success(
        request, f"Masque « {masque.nom} » enregistré : choisissez-le en demandant un diaporama PowerPoint."
    )
    return redirect("bilan:presentation_list")


@acces_requis(lambda u: u.is_authenticated)
def presentation_telecharger(request: HttpRequest, pk: int) -> FileResponse:
    demande: DemandePresentation = acces.presentation_a_telecharger(request.user, pk)
    nom = f"diaporama-{demande.annee}-{demande.edition}.{demande.format}"
    return servir_fichier(demande.fichier, nom=nom, type_mime=TYPES_MIME[demande.format])
