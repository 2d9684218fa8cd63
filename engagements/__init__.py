"""Les référentiels (Qual-e-Pref, Services Publics+, Quali-ATE) : modules, rubriques et engagements ; le cycle du
label (obtention, validité, audits prévus), le périmètre de labellisation, l'autodiagnostic et les preuves de
chaque engagement, la préparation d'audit."""
