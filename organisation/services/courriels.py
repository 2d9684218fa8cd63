"""Journal des courriels : programmés (envoyés par Celery après validation de la transaction)."""

import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from qualite.celery import envoyer_apres_commit, republier
from qualite.identite import identite

from ..models import Courriel

LONGUEUR_SUJET_MAX = 200


@transaction.atomic
def courriel_programmer(
    *,
    destinataires: Iterable[str],
    sujet: str,
    corps: str,
    categorie: str = "",
    cle: str | None = None,
) -> tuple[Courriel, bool]:
    """Enregistre un courriel et programme son envoi ; avec une `cle` déjà connue, ne fait rien.

    Renvoie le courriel et un booléen « nouvellement programmé ».
    """
    adresses = sorted({adresse for adresse in destinataires if adresse})
    sujet = sujet_assaini(sujet)
    prefecture = identite()
    if prefecture.est_saisie:
        corps = f"{corps}\n\n-- \n{prefecture.nom}"
    if cle is not None:
        courriel, cree = Courriel.objects.get_or_create(
            cle=cle,
            defaults={"destinataires": adresses, "sujet": sujet, "corps": corps, "categorie": categorie},
        )
    else:
        courriel, cree = (
            Courriel.objects.create(destinataires=adresses, sujet=sujet, corps=corps, categorie=categorie),
            True,
        )
    if cree:
        from ..tasks import envoyer_courriel

        envoyer_apres_commit(envoyer_courriel, courriel.pk, si_envoyee=lambda: _noter_envoi(courriel.pk))
    return courriel, cree


def sujet_assaini(sujet: str) -> str:
    """Le sujet d'un courriel sur une ligne : retours à la ligne et caractères de contrôle deviennent des espaces
    (un titre de réunion avec CR/LF ferait échouer l'envoi : « Header values can't contain newlines »)."""
    texte = "".join(" " if unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" else c for c in sujet)
    texte = " ".join(texte.split())
    return texte[: LONGUEUR_SUJET_MAX - 1] + "…" if len(texte) > LONGUEUR_SUJET_MAX else texte


def _noter_envoi(courriel_id: int) -> None:
    Courriel.objects.filter(pk=courriel_id).update(tache_envoyee_le=timezone.now())


def courriel_relancer_non_envoyes(*, anciennete_secondes: float) -> int:
    """Republie les courriels en attente dont la tâche n'a pas pu être envoyée (courtier injoignable),
    programmés il y a plus de `anciennete_secondes` ; renvoie le nombre de courriels republiés."""
    from ..tasks import envoyer_courriel

    en_attente = Courriel.objects.filter(statut=Courriel.Statut.EN_ATTENTE)
    return republier(
        en_attente,
        envoyer_courriel,
        champ="tache_envoyee_le",
        creation="cree_le",
        anciennete_secondes=anciennete_secondes,
    )


def courriel_envoyer(*, courriel_id: int) -> Courriel:
    """Envoie un courriel programmé ; un courriel déjà envoyé ne part pas deux fois."""
    with transaction.atomic():
        courriel = Courriel.objects.select_for_update().get(pk=courriel_id)
        if courriel.statut == Courriel.Statut.ENVOYE:
            return courriel
        send_mail(courriel.sujet, courriel.corps, settings.DEFAULT_FROM_EMAIL, courriel.destinataires)
        courriel.statut = Courriel.Statut.ENVOYE
        courriel.envoye_le = timezone.now()
        courriel.erreur = ""
        courriel.save(update_fields=["statut", "envoye_le", "erreur"])
    return courriel
