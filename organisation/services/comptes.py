"""Écritures des comptes : création, modification, désactivation (jamais de suppression)."""

from collections.abc import Iterable

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..acces import administrateurs_actifs, retire_un_administrateur, suit_des_services
from ..models import Service, Utilisateur

MESSAGE_SANS_SERVICE = "Un correspondant qualité suit au moins un service."


def verifier_services(*, role: str, services: Iterable[Service]) -> list[Service]:
    """Un correspondant suit au moins un service ; les autres rôles n'en suivent pas."""
    services = list(services)
    if suit_des_services(role) and not services:
        raise ValidationError({"services": MESSAGE_SANS_SERVICE})
    return services if suit_des_services(role) else []


def verifier_auto_modification(*, auteur: Utilisateur, utilisateur: Utilisateur, role: str, actif: bool) -> None:
    """Un référent ou un administrateur ne peut ni changer son propre rôle, ni se désactiver."""
    if auteur.pk != utilisateur.pk:
        return
    if role != utilisateur.role:
        raise ValidationError({"role": "Vous ne pouvez pas modifier votre propre rôle."})
    if not actif:
        raise ValidationError({"is_active": "Vous ne pouvez pas désactiver votre propre compte."})


MESSAGE_DERNIER_ADMINISTRATEUR = (
    "C'est le dernier administrateur actif : nommez d'abord un autre administrateur avant de changer son rôle "
    "ou de le désactiver."
)


def verifier_dernier_administrateur(*, utilisateur: Utilisateur, role: str, actif: bool) -> None:
    """Le dernier administrateur actif n'est ni rétrogradé ni désactivé (les administrateurs sont verrouillés
    le temps de la transaction : deux rétrogradations simultanées ne peuvent pas passer toutes les deux)."""
    if not retire_un_administrateur(utilisateur, role=role, actif=actif):
        return
    if len(list(administrateurs_actifs().select_for_update().values_list("pk"))) <= 1:
        champ = "is_active" if not actif else "role"
        raise ValidationError({champ: MESSAGE_DERNIER_ADMINISTRATEUR})


@transaction.atomic
def utilisateur_creer(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    fonction: str = "",
    services: Iterable[Service] = (),
    mot_de_passe: str | None = None,
) -> Utilisateur:
    """Crée un compte ; sans mot de passe, le compte attend que son titulaire en définisse un par courriel."""
    services = verifier_services(role=role, services=services)
    utilisateur = Utilisateur(
        username=username, first_name=first_name, last_name=last_name, email=email, role=role, fonction=fonction
    )
    if mot_de_passe:
        validate_password(mot_de_passe, user=utilisateur)
        utilisateur.set_password(mot_de_passe)
    else:
        if not email:
            raise ValidationError({"email": "Le courriel est nécessaire pour définir le mot de passe."})
        utilisateur.set_unusable_password()
    utilisateur.full_clean(exclude=["password"])
    utilisateur.save()
    utilisateur.services.set(services)
    return utilisateur


@transaction.atomic
def utilisateur_modifier(
    *,
    auteur: Utilisateur,
    utilisateur: Utilisateur,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    fonction: str = "",
    services: Iterable[Service] = (),
    actif: bool = True,
) -> Utilisateur:
    # Le rôle enregistré fait foi (un ModelForm a pu déjà modifier l'instance en mémoire).
    enregistre = Utilisateur.objects.only("role").get(pk=utilisateur.pk)
    verifier_auto_modification(auteur=auteur, utilisateur=enregistre, role=role, actif=actif)
    verifier_dernier_administrateur(utilisateur=utilisateur, role=role, actif=actif)
    services = verifier_services(role=role, services=services)
    utilisateur.first_name = first_name
    utilisateur.last_name = last_name
    utilisateur.email = email
    utilisateur.role = role
    utilisateur.fonction = fonction
    utilisateur.is_active = actif
    utilisateur.full_clean(exclude=["password"])
    utilisateur.save()
    utilisateur.services.set(services)
    return utilisateur


@transaction.atomic
def utilisateur_activer(*, auteur: Utilisateur, utilisateur: Utilisateur, actif: bool) -> Utilisateur:
    """Désactive (ou réactive) un compte : il ne peut plus se connecter mais son historique demeure."""
    verifier_auto_modification(auteur=auteur, utilisateur=utilisateur, role=utilisateur.role, actif=actif)
    verifier_dernier_administrateur(utilisateur=utilisateur, role=utilisateur.role, actif=actif)
    utilisateur.is_active = actif
    utilisateur.save(update_fields=["is_active"])
    return utilisateur


def envoyer_definition_mot_de_passe(*, utilisateur: Utilisateur, domaine: str, securise: bool) -> None:
    """Envoie le lien de définition du mot de passe (mécanisme de réinitialisation de Django)."""
    contexte = {
        "email": utilisateur.email,
        "domain": domaine,
        "site_name": domaine,
        "uid": urlsafe_base64_encode(force_bytes(utilisateur.pk)),
        "user": utilisateur,
        "token": default_token_generator.make_token(utilisateur),
        "protocol": "https" if securise else "http",
    }
    PasswordResetForm().send_mail(
        "registration/definition_mot_de_passe_sujet.txt",
        "registration/definition_mot_de_passe_courriel.txt",
        contexte,
        None,
        utilisateur.email,
    )
