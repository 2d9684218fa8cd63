"""Les enquêtes auprès des usagers (satisfaction annuelle, résultats par critère, mentions littérales, enquêtes
mystères) et le registre de l'écoute (réclamations, suggestions, expériences JDMA et Services Publics+), qui
alimente les indicateurs en écrivant leurs mesures par `indicateurs.services`."""
