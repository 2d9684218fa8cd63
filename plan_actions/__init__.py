"""Le plan d'actions : chaque action d'amélioration (origine, engagements, service pilote, responsables,
échéance, statut, avancement, journal, efficacité), son historique, ses relances ; import et export."""
