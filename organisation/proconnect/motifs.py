"""Pourquoi une connexion ProConnect n'a pas abouti : un motif, une page qui l'explique en français."""

from dataclasses import dataclass

# Clé de session : le motif du dernier refus (et l'adresse en cause), lu par la page de refus.
CLE_REFUS = "proconnect_refus"


@dataclass(frozen=True)
class Motif:
    titre: str
    explication: str


INCONNU = "inconnu"
DESACTIVE = "desactive"
DOUBLON = "doublon"
ADRESSE = "adresse"
ETAT = "etat"
EXPIRE = "expire"
ANNULE = "annule"
INJOIGNABLE = "injoignable"
ECHEC = "echec"

MOTIFS = {
    INCONNU: Motif(
        "Compte à créer par le référent",
        "ProConnect vous a bien identifié, mais aucun compte de l'application ne porte cette adresse "
        "électronique. Les comptes et leurs rôles sont créés par le référent qualité ou l'administrateur : "
        "demandez-lui de créer le vôtre avec cette adresse, puis reconnectez-vous. Aucun compte n'a été créé.",
    ),
    DESACTIVE: Motif(
        "Compte désactivé",
        "Le compte associé à cette adresse électronique est désactivé. Si vous devez de nouveau accéder à "
        "l'application, demandez au référent qualité de le réactiver.",
    ),
    DOUBLON: Motif(
        "Adresse électronique partagée par plusieurs comptes",
        "Plusieurs comptes portent cette adresse électronique : l'application ne peut pas choisir. Demandez au "
        "référent qualité de corriger les comptes.",
    ),
    ADRESSE: Motif(
        "Adresse électronique non vérifiée",
        "ProConnect n'a pas transmis d'adresse électronique vérifiée : la connexion est refusée.",
    ),
    ETAT: Motif(
        "Demande de connexion non reconnue",
        "Cette réponse de ProConnect ne correspond à aucune demande de connexion en cours dans ce navigateur "
        "(elle a pu expirer, ou venir d'un autre onglet). Recommencez la connexion.",
    ),
    EXPIRE: Motif(
        "Connexion expirée",
        "Le jeton transmis par ProConnect a expiré avant d'être vérifié. Recommencez la connexion.",
    ),
    ANNULE: Motif(
        "Connexion interrompue",
        "La connexion a été interrompue ou refusée sur ProConnect. Recommencez la connexion.",
    ),
    INJOIGNABLE: Motif(
        "ProConnect injoignable",
        "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec "
        "votre identifiant et votre mot de passe.",
    ),
    ECHEC: Motif(
        "Connexion refusée",
        "La réponse de ProConnect n'a pas pu être vérifiée : la connexion est refusée. Recommencez la connexion.",
    ),
}


def motif(cle: str) -> Motif:
    return MOTIFS.get(cle, MOTIFS[ECHEC])
