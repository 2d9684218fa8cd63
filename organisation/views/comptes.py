"""Gestion des comptes par le référent qualité et l'administrateur."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.liens import domaine_et_securite

from .. import acces, selectors
from ..forms import FiltreUtilisateursForm, UtilisateurCreationForm, UtilisateurModificationForm
from ..services.comptes import (
    envoyer_definition_mot_de_passe,
    utilisateur_activer,
    utilisateur_creer,
    utilisateur_modifier,
)

PAR_PAGE = 25
CHAMPS_IDENTITE = ("first_name", "last_name", "email", "fonction", "role", "services")


@acces_requis(acces.peut_gerer_utilisateurs)
def liste(request: HttpRequest) -> HttpResponse:
    filtre = FiltreUtilisateursForm(request.GET or None)
    criteres = filtre.cleaned_data if filtre.is_bound and filtre.is_valid() else {}
    comptes = selectors.utilisateurs(
        role=criteres.get("role", ""), statut=criteres.get("statut", ""), recherche=criteres.get("q", "")
    )
    page = Paginator(comptes, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/utilisateur_list.html",
        {"titre": "Utilisateurs", "filtre": filtre, "page_obj": page, "utilisateurs": page.object_list},
    )


@acces_requis(acces.peut_gerer_utilisateurs)
def creer(request: HttpRequest) -> HttpResponse:
    form = UtilisateurCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        par_courriel = donnees["mode"] == UtilisateurCreationForm.ModeMotDePasse.COURRIEL
        try:
            utilisateur = utilisateur_creer(
                username=donnees["username"],
                mot_de_passe=None if par_courriel else donnees["mot_de_passe1"],
                **{champ: donnees[champ] for champ in CHAMPS_IDENTITE},
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            if par_courriel:
                domaine, securise = domaine_et_securite()
                envoyer_definition_mot_de_passe(utilisateur=utilisateur, domaine=domaine, securise=securise)
                messages.success(
                    request,
                    f"Le compte « {utilisateur.username} » est créé ; un courriel a été envoyé à {utilisateur.email} "
                    "pour choisir le mot de passe.",
                )
            else:
                messages.success(
                    request, f"Le compte « {utilisateur.username} » est créé avec son mot de passe initial."
                )
            return redirect("organisation:utilisateur_list")
    form.premier_champ_en_erreur()
    return render(request, "organisation/utilisateur_form.html", {"titre": "Créer un compte", "form": form})


@acces_requis(acces.peut_gerer_utilisateurs)
def modifier(request: HttpRequest, pk: int) -> HttpResponse:
    utilisateur = acces.utilisateur_a_gerer(request.user, pk)
    form = UtilisateurModificationForm(request.POST or None, instance=utilisateur, auteur=request.user)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            utilisateur_modifier(
                auteur=request.user,
                utilisateur=utilisateur,
                actif=donnees["is_active"],
                **{champ: donnees[champ] for champ in CHAMPS_IDENTITE},
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Le compte « {utilisateur.username} » est modifié.")
            return redirect("organisation:utilisateur_list")
    form.premier_champ_en_erreur()
    return render(
        request,
        "organisation/utilisateur_form.html",
        {"titre": f"Modifier le compte « {utilisateur.username} »", "form": form, "compte": utilisateur},
    )


def _activer(request: HttpRequest, pk: int, *, actif: bool) -> HttpResponse:
    utilisateur = acces.utilisateur_a_gerer(request.user, pk)
    try:
        utilisateur_activer(auteur=request.user, utilisateur=utilisateur, actif=actif)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        etat = "réactivé" if actif else "désactivé : il ne peut plus se connecter"
        messages.success(request, f"Le compte « {utilisateur.username} » est {etat}.")
    return redirect("organisation:utilisateur_list")


@require_POST
@acces_requis(acces.peut_gerer_utilisateurs)
def desactiver(request: HttpRequest, pk: int) -> HttpResponse:
    return _activer(request, pk, actif=False)


@require_POST
@acces_requis(acces.peut_gerer_utilisateurs)
def reactiver(request: HttpRequest, pk: int) -> HttpResponse:
    return _activer(request, pk, actif=True)
