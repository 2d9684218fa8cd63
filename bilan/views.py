"""Pages du bilan : demandes et suivi, téléchargement des PDF archivés, texte de l'année."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.annees import annee_valide
from qualite.fichiers import servir_fichier

from . import acces, selectors, services
from .forms import DemandeBilanForm, NarratifForm
from .models import Generation, Narratif


def contexte_demandes(request: HttpRequest, demandes: QuerySet) -> dict:
    """La page des demandes (bilans ou diaporamas) et « active » : une demande en attente ou en cours, sur cette page
    ou ailleurs (le tableau se recharge alors toutes les 3 secondes)."""
    page_obj = Paginator(demandes, 20).get_page(request.GET.get("page"))
    return {
        "page_obj": page_obj,
        "demandes": page_obj.object_list,
        "active": any(d.est_active for d in page_obj.object_list) or demandes.actives().exists(),
    }


def annoncer_demande(
    request: HttpRequest, *, demande: Generation, creee: bool, quoi: str, service: str = "Le service de génération"
) -> None:
    """Le message qui suit une demande : « quoi » est « bilan 2023 (…) » ou « diaporama 2023 (…, PPTX) »."""
    # La tâche est partie (ou non : courtier injoignable) à la validation de la demande (autocommit).
    demande.refresh_from_db(fields=["statut", "envoyee_le"])
    if demande.attend_le_service:
        enregistree = (
            f"votre demande du {quoi} est enregistrée et" if creee else f"la demande du {quoi}, déjà enregistrée,"
        )
        messages.warning(
            request,
            f"{service} est momentanément injoignable : {enregistree} sera traitée automatiquement dès son retour.",
        )
    elif creee:
        messages.success(request, f"{quoi[0].upper()}{quoi[1:]} demandé : il se construit.")
    else:
        messages.info(request, f"Un {quoi} est déjà en préparation.")


def _page_liste(request: HttpRequest, form: DemandeBilanForm | None = None, status: int = 200) -> HttpResponse:
    contexte = contexte_demandes(request, selectors.demandes())
    annee_defaut = timezone.localdate().year - 1
    if form is None and acces.peut_demander(request.user):
        form = DemandeBilanForm(initial={"annee": annee_defaut, "edition": "copil"})
    contexte.update(
        titre="Bilan qualité annuel",
        form=form,
        peut_rediger=acces.peut_rediger(request.user),
        annee_texte=annee_defaut,
        annees_redigees=selectors.annees_redigees(),
    )
    return render(request, "bilan/demande_list.html", contexte, status=status)


@acces_requis(acces.peut_suivre)
def demande_list(request: HttpRequest) -> HttpResponse:
    return _page_liste(request)


@acces_requis(acces.peut_suivre)
def demande_etat(request: HttpRequest) -> HttpResponse:
    """Le fragment du tableau des demandes, rechargé toutes les 3 secondes tant qu'une demande est active."""
    return render(request, "bilan/_demandes.html", contexte_demandes(request, selectors.demandes()))


@require_POST
@acces_requis(acces.peut_demander)
def demande_creer(request: HttpRequest) -> HttpResponse:
    form = DemandeBilanForm(request.POST)
    if not form.is_valid():
        form.premier_champ_en_erreur()
        return _page_liste(request, form, status=400)
    demande, creee = services.bilan_demander(
        annee=form.cleaned_data["annee"], edition=form.cleaned_data["edition"], demandeur=request.user
    )
    annoncer_demande(
        request,
        demande=demande,
        creee=creee,
        quoi=f"bilan {demande.annee} ({demande.get_edition_display()})",
        service="Le service de génération des PDF",
    )
    return redirect("bilan:demande_list")


@acces_requis(lambda u: u.is_authenticated)
def demande_telecharger(request: HttpRequest, pk: int) -> FileResponse:
    demande = acces.demande_a_telecharger(request.user, pk)
    nom = f"bilan-qualite-{demande.annee}-{demande.edition}.pdf"
    return servir_fichier(demande.fichier, nom=nom, type_mime="application/pdf")


@acces_requis(acces.peut_rediger)
def narratif_modifier(request: HttpRequest, annee: int) -> HttpResponse:
    if not annee_valide(annee):
        raise Http404
    narratif = selectors.narratif_de(annee) or Narratif(annee=annee)
    form = NarratifForm(request.POST or None, instance=narratif)
    if request.method == "POST":
        if form.is_valid():
            services.narratif_enregistrer(annee=annee, utilisateur=request.user, **form.cleaned_data)
            messages.success(request, f"Texte du bilan {annee} enregistré.")
            return redirect("bilan:narratif_modifier", annee=annee)
        form.premier_champ_en_erreur()
    return render(
        request,
        "bilan/narratif_form.html",
        {
            "titre": f"Texte du bilan {annee}",
            "annee": annee,
            "form": form,
            "historique": selectors.historique_narratif(narratif if narratif.pk else None),
        },
    )
