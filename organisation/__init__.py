"""L'organisation de la préfecture et ses comptes : sites, arbre des services (entité → direction → service),
effectifs datés, utilisateurs et rôles (et leurs prédicats, utilisés par les `acces.py` de toutes les
applications), gestion des comptes, journal des courriels envoyés."""
