"""Le pilotage : tableau de bord du référent et du COPIL, instances (COPIL, comité local des usagers, comité
d'amélioration continue) et leurs comptes rendus, transparence des résultats (pages publiques, affiche, open
data). Ne lit les autres applications que par leurs selectors."""
