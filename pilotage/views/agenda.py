"""Agenda de la démarche (un mois à la fois) et flux iCal personnel à lien secret révocable."""

import calendar
import datetime
from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualite.acces import acces_requis
from qualite.formatage import MOIS
from qualite.liens import adresse_absolue

from .. import acces, services
from ..agenda import evenements, flux_personnel, ical
from ..models import JetonAgenda
from ..services import ajouter_mois


def _mois_demande(texte: str) -> datetime.date:
    """Le premier jour du mois « 2023-11 » ; le mois courant si l'adresse n'en donne pas un valide."""
    try:
        annee, mois = (int(partie) for partie in texte.split("-"))
        return datetime.date(annee, mois, 1)
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


def _libelle_mois(jour: datetime.date) -> str:
    return f"{MOIS[jour.month - 1]} {jour.year}"


@acces_requis(acces.peut_lire_agenda)
def agenda(request: HttpRequest) -> HttpResponse:
    debut = _mois_demande(request.GET.get("mois", ""))
    fin = debut.replace(day=calendar.monthrange(debut.year, debut.month)[1])
    miens = request.GET.get("miens") == "1"
    du_mois = evenements(utilisateur=request.user, debut=debut, fin=fin, seulement_les_miens=miens)
    aujourdhui = timezone.localdate()
    prochains = [] if du_mois else evenements(utilisateur=request.user, debut=aujourdhui, fin=None)[:5]
    precedent, suivant = ajouter_mois(debut, -1), ajouter_mois(debut, 1)
    jeton = JetonAgenda.objects.filter(utilisateur=request.user).first()
    return render(
        request,
        "pilotage/agenda.html",
        {
            "titre": f"Agenda de {_libelle_mois(debut)}",
            "jours": [(jour, list(du_jour)) for jour, du_jour in groupby(du_mois, key=lambda e: e.date)],
            "nombre": len(du_mois),
            "prochains": prochains,
            "miens": miens,
            "mois": f"{debut:%Y-%m}",
            "precedent": {"mois": f"{precedent:%Y-%m}", "libelle": _libelle_mois(precedent)},
            "suivant": {"mois": f"{suivant:%Y-%m}", "libelle": _libelle_mois(suivant)},
            "mois_courant": f"{aujourdhui:%Y-%m}",
            "aujourdhui": aujourdhui,
            "lien_ical": adresse_absolue(reverse("pilotage:agenda_ical", args=[jeton.jeton])) if jeton else "",
        },
    )


@require_POST
@acces_requis(acces.peut_lire_agenda)
def agenda_lien(request: HttpRequest) -> HttpResponse:
    ancien = JetonAgenda.objects.filter(utilisateur=request.user).exists()
    services.jeton_agenda_renouveler(utilisateur=request.user)
    messages.success(
        request,
        "Nouveau lien d'agenda créé : l'ancien ne fonctionne plus."
        if ancien
        else "Lien d'agenda créé : ajoutez-le à votre logiciel de calendrier.",
    )
    return redirect(f"{reverse('pilotage:agenda')}#flux-ical")


@require_POST
@acces_requis(acces.peut_lire_agenda)
def agenda_revoquer(request: HttpRequest) -> HttpResponse:
    if services.jeton_agenda_revoquer(utilisateur=request.user):
        messages.success(request, "Lien d'agenda révoqué : votre calendrier ne recevra plus de mises à jour.")
    else:
        messages.info(request, "Vous n'aviez pas de lien d'agenda.")
    return redirect(f"{reverse('pilotage:agenda')}#flux-ical")


def agenda_ical(request: HttpRequest, jeton: str) -> HttpResponse:
    """Le flux iCal d'un compte, lu par un logiciel de calendrier sans session : le lien secret en tient lieu."""
    utilisateur = acces.proprietaire_du_jeton(jeton)
    if utilisateur is None:
        raise Http404("Lien d'agenda inconnu ou révoqué.")
    contenu = ical(
        flux_personnel(utilisateur),
        nom=f"Démarche qualité — {utilisateur.get_full_name() or utilisateur.username}",
        adresse=adresse_absolue,
    )
    reponse = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="agenda-qualite.ics"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse
