"""Les audits (labellisation, suivi, renouvellement, internes) et leurs constats (points sensibles, pistes de
progrès, points forts), l'import du tableau de l'auditeur et la suite donnée à chaque constat (actions créées
par `plan_actions.services`)."""
