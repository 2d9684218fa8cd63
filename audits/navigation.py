from qualite.navigation import Entree

from .acces import peut_lire_audits

ENTREES = [Entree("Audits", "audits:audit_list", peut_lire_audits, ordre=40, prefixe="/audits/", groupe="demarche")]
