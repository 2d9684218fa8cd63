"""Démonstration du socle : le site, les comptes de démonstration (un par rôle)."""

from django.db import transaction

from .models import Role, Service, Site, Utilisateur

MOT_DE_PASSE_DEMO = "qualite-demo-2026"

COMPTES_DEMO = [
    # identifiant, prénom, nom, rôle, service suivi (correspondant)
    ("referent", "Camille", "Référente", Role.REFERENT, None),
    ("correspondant", "Dominique", "Correspondant", Role.CORRESPONDANT, "Pôle accueil téléphonique"),
    ("copil", "Claude", "Membre-Copil", Role.COPIL, None),
    ("auditeur", "Alix", "Auditeur", Role.AUDITEUR, None),
    ("admin", "Sacha", "Administrateur", Role.ADMINISTRATEUR, None),
]


@transaction.atomic
def charger(*, stdout) -> None:
    site, _ = Site.objects.get_or_create(
        nom="Préfecture de la Haute-Savoie",
        defaults={"type": Site.Type.PREFECTURE, "adresse": "30 rue du 30e régiment d'infanterie, 74000 Annecy"},
    )
    Site.objects.get_or_create(
        nom="Sous-préfecture de Thonon-les-Bains", defaults={"type": Site.Type.SOUS_PREFECTURE, "ordre": 1}
    )
    for identifiant, prenom, nom, role, nom_service in COMPTES_DEMO:
        utilisateur, cree = Utilisateur.objects.get_or_create(
            username=identifiant,
            defaults={
                "first_name": prenom,
                "last_name": f"{nom} (démo)",
                "role": role,
                "email": f"{identifiant}@demo.invalid",
            },
        )
        if cree:
            utilisateur.set_password(MOT_DE_PASSE_DEMO)
            utilisateur.save()
        if nom_service:
            service = Service.objects.filter(nom=nom_service).first()
            if service:
                utilisateur.services.add(service)
    stdout.write(
        f"Comptes de démonstration : {', '.join(c[0] for c in COMPTES_DEMO)} — mot de passe « {MOT_DE_PASSE_DEMO} »"
    )
