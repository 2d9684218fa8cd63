"""Les indicateurs (calcul, sens, cible, seuil, périodicité, service de recueil) et leurs mesures : saisie
mensuelle, import et export, valeurs annuelles calculées depuis les termes, alertes hors cible et actions
correctives, rappels des mesures manquantes."""
