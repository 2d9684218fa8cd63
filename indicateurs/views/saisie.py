"""Saisie des mesures : un mois pour tous les indicateurs mensuels, ou une année d'un indicateur.

Tout ou rien : à l'envoi, toutes les lignes sont vérifiées avant d'écrire ; au moindre refus, rien n'est
enregistré et la grille est réaffichée avec toutes les valeurs saisies (rien n'est perdu) et un message qui
nomme l'indicateur et le champ. Sinon les lignes modifiées s'enregistrent dans une seule transaction, sur
tous les moteurs. Une ligne laissée vide ne change rien (une mesure existante n'est pas effacée).
"""

import re
from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qualite.acces import acces_requis
from qualite.annees import annee_valide
from qualite.formatage import MOIS, accord

from .. import acces, selectors, services
from ..forms import MesureForm, texte_nombre

MESSAGE_REGISTRE = (
    "%s : calculé depuis le registre des sollicitations, la saisie manuelle est fermée "
    "(enregistrez les réclamations dans l'écoute des usagers)."
)


def _initial(mesure) -> dict:
    if mesure is None:
        return {}
    return {
        "numerateur": texte_nombre(mesure.numerateur),
        "denominateur": texte_nombre(mesure.denominateur),
        "valeur": texte_nombre(mesure.valeur),
        "provisoire": mesure.provisoire,
        "commentaire": mesure.commentaire,
    }


def _enregistrer(request: HttpRequest, lignes: list[tuple[MesureForm, dict]]) -> tuple[int, list]:
    """Enregistre les lignes modifiées si toutes sont valides ; renvoie (nombre enregistré, erreurs nommées)."""
    a_enregistrer, erreurs = [], []
    for form, periode in lignes:
        if form.indicateur.source_registre:
            if not form.est_vide:
                erreurs.append((form.auto_id % form.add_prefix("commentaire"), MESSAGE_REGISTRE % form.libelle_ligne))
            continue
        if form.est_vide or not form.has_changed():
            continue
        if not form.is_valid():
            erreurs.extend(form.messages_erreur())
            continue
        a_enregistrer.append((form, periode))
    if erreurs:
        return 0, erreurs
    with transaction.atomic():
        for form, periode in a_enregistrer:
            donnees = form.cleaned_data
            services.mesure_enregistrer(
                indicateur=form.indicateur,
                numerateur=donnees.get("numerateur"),
                denominateur=donnees.get("denominateur"),
                valeur=donnees.get("valeur"),
                provisoire=donnees["provisoire"],
                commentaire=donnees["commentaire"],
                auteur=request.user,
                **periode,
            )
    return len(a_enregistrer), erreurs


def _message(request: HttpRequest, enregistrees: int, erreurs: list) -> None:
    if erreurs:
        messages.warning(
            request,
            f"Rien n'a été enregistré : {accord(len(erreurs), 'erreur', 'erreurs')} à corriger ci-dessous, "
            "les valeurs saisies sont conservées.",
        )
    else:
        messages.success(request, f"{accord(enregistrees, 'mesure enregistrée', 'mesures enregistrées')}.")


def _mois_demande(texte: str) -> tuple[int, int]:
    if correspondance := re.fullmatch(r"(\d{4})-(\d{2})", texte or ""):
        annee, mois = int(correspondance[1]), int(correspondance[2])
        if annee_valide(annee) and 1 <= mois <= 12:
            return annee, mois
    return services.mois_precedent(timezone.localdate())


@acces_requis(acces.peut_saisir)
def saisie_mensuelle(request: HttpRequest) -> HttpResponse:
    annee, mois = _mois_demande(request.GET.get("mois", ""))
    libelle_mois = f"{MOIS[mois - 1]} {annee}"
    donnees = request.POST if request.method == "POST" else None
    saisissables = acces.indicateurs_saisissables(request.user)
    existantes = selectors.lignes_saisie_mensuelle(annee, mois, indicateurs=saisissables)
    precedentes = selectors.mesures_du_mois([indicateur for indicateur, _ in existantes], annee - 1, mois)
    lignes = []
    for indicateur, mesure in existantes:
        form = MesureForm(
            donnees,
            prefix=f"i{indicateur.pk}",
            indicateur=indicateur,
            libelle_ligne=indicateur.libelle,
            initial=_initial(mesure),
        )
        form.suivi = selectors.suivi_saisie(indicateur, mesure, precedentes.get(indicateur.pk))
        lignes.append((form, {"annee": annee, "mois": mois}))
    erreurs = []
    if request.method == "POST":
        enregistrees, erreurs = _enregistrer(request, lignes)
        _message(request, enregistrees, erreurs)
        if not erreurs:
            return redirect(f"{reverse('indicateurs:saisie_mensuelle')}?mois={annee}-{mois:02d}")
    annee_p, mois_p = services.mois_precedent(date(annee, mois, 1))
    annee_s, mois_s = (annee + 1, 1) if mois == 12 else (annee, mois + 1)
    # Les mois à rattraper : ceux de l'année choisie, jusqu'au dernier mois échu.
    annee_echue, mois_echu = services.mois_precedent(timezone.localdate())
    jusqu_au_mois = 12 if annee < annee_echue else (mois_echu if annee == annee_echue else 0)
    return render(
        request,
        "indicateurs/saisie_mensuelle.html",
        {
            "titre": f"Saisie mensuelle : {libelle_mois}",
            "lignes": [form for form, _ in lignes],
            "erreurs": erreurs,
            "mois_valeur": f"{annee}-{mois:02d}",
            "mois_precedent": f"{annee_p}-{mois_p:02d}",
            "mois_suivant": f"{annee_s}-{mois_s:02d}",
            "annee": annee,
            "annee_precedente": annee - 1,
            "manquants": [
                (indicateur, [(f"{annee}-{m:02d}", MOIS[m - 1]) for m in liste])
                for indicateur, liste in selectors.mois_manquants(saisissables, annee, jusqu_au_mois)
            ]
            if jusqu_au_mois
            else [],
        },
    )


@acces_requis(acces.peut_lire)
def saisie_annee(request: HttpRequest, code: str, annee: int) -> HttpResponse:
    indicateur = acces.indicateur_saisissable(request.user, code)
    existantes = selectors.mesures_annee(indicateur, annee)
    precedentes = selectors.mesures_annee(indicateur, annee - 1)
    donnees = request.POST if request.method == "POST" else None
    lignes = []
    for trimestre, mois, libelle in selectors.periodes_de_l_annee(indicateur):
        mesure = existantes.get((trimestre, mois))
        form = MesureForm(
            donnees,
            prefix=f"p{trimestre}-{mois}",
            indicateur=indicateur,
            libelle_ligne=f"{libelle} {annee}",
            initial=_initial(mesure),
        )
        form.suivi = selectors.suivi_saisie(indicateur, mesure, precedentes.get((trimestre, mois)))
        lignes.append((form, {"annee": annee, "trimestre": trimestre, "mois": mois}))
    erreurs = []
    if request.method == "POST":
        enregistrees, erreurs = _enregistrer(request, lignes)
        _message(request, enregistrees, erreurs)
        if not erreurs:
            return redirect(f"{reverse('indicateurs:detail', args=[indicateur.code])}?annee={annee}")
    return render(
        request,
        "indicateurs/saisie_annee.html",
        {
            "titre": f"Saisie {annee} : {indicateur.libelle}",
            "indicateur": indicateur,
            "annee": annee,
            "annee_precedente": annee - 1,
            "lignes": [form for form, _ in lignes],
            "erreurs": erreurs,
        },
    )
