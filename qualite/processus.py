"""Réglage d'un processus qui sert l'application (gunicorn, et le banc de mesure qui l'imite).

Une page du tableau de bord crée des dizaines de milliers d'objets (lignes, instances de modèles) :
le ramasse-miettes de Python lance alors des collections complètes qui parcourent aussi tous les objets
chargés au démarrage (Django, modules, gabarits), d'où des pauses de 50 à 100 ms sur le 95e centile
relevé par `make bench`. Deux réglages courants pour un serveur web :
- `gc.freeze()` après le chargement : les objets du démarrage ne sont plus parcourus ;
- un premier seuil plus haut : moins de collections, chacune sur des objets récents.
Les cycles de références restent collectés.
"""

import gc

SEUIL_PREMIERE_GENERATION = 50_000


def regler_ramasse_miettes() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(SEUIL_PREMIERE_GENERATION, 20, 20)
