"""Cas de la matrice pour les URL du socle (comptes, accueil, organisation, utilisateurs)."""

from .matrice import Cas, lecture, public

CONNEXION = {
    "anonyme": 200,
    **{r: 302 for r in ("referent", "correspondant", "correspondant_autre", "copil", "auditeur", "administrateur")},
}

CAS = [
    Cas("accueil", lecture()),
    Cas("accessibilite", public()),
    Cas("sante", public(), html=False),
    Cas("login", CONNEXION),
    Cas("logout", public(302), methode="post"),
    Cas("password_change", lecture()),
    Cas("password_change_done", lecture()),
    Cas("password_reset", public()),
    Cas("password_reset_done", public()),
    Cas("password_reset_confirm", public(), kwargs=lambda m: {"uidb64": "MQ", "token": "jeton-invalide"}),
    Cas("password_reset_complete", public()),
]
