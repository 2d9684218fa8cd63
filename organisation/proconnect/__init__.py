"""Connexion des agents par ProConnect (OpenID Connect, mozilla-django-oidc), à côté du mot de passe.

Désactivée sans `OIDC_ACTIVE=true` (voir .env.example et le README) : ses pages répondent alors 404.
`motifs` dit pourquoi une connexion est refusée ; `backend` vérifie les jetons et apparie l'agent à son compte ;
`views` porte le départ vers ProConnect, le retour, la page de refus et la déconnexion.
"""
