"""Banc de mesure (issue 10) : jeu de données synthétique, mesures, sauvegarde et restauration.

Outillage d'exploitation : ce paquet lit les modèles de toutes les applications mais n'est importé par aucune.
"""
