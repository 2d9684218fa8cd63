"""Cas de la matrice pour les URL du projet : déclaration d'accessibilité, santé, connexion (mot de passe et
ProConnect) et mot de passe."""

from tests_outils.matrice import CONNECTES, Cas, lecture, public

CONNEXION = {"anonyme": 200, **{role: 302 for role in CONNECTES}}

CAS = [
    Cas("accessibilite", public()),
    Cas("plan_du_site", public()),
    Cas("session_prolonger", public(302), methode="post"),  # anonyme : connexion ; connecté : retour à la page
    Cas("sante", public(), html=False),
    Cas("login", CONNEXION),
    Cas("logout", public(302), methode="post"),
    # ProConnect désactivé (réglages par défaut) : ses pages n'existent pas (organisation/tests/test_proconnect*.py).
    Cas("proconnect_connexion", public(404)),
    Cas("proconnect_retour", public(404)),
    Cas("proconnect_refus", public(404)),
    Cas("password_change", lecture()),
    Cas("password_change_done", lecture()),
    Cas("password_reset", public()),
    Cas("password_reset_done", public()),
    Cas("password_reset_confirm", public(), kwargs=lambda m: {"uidb64": "MQ", "token": "jeton-invalide"}),
    Cas("password_reset_complete", public()),
]
