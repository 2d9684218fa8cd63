"""Démonstration du bilan : le texte 2023, repris des seeds (idempotent). Aucun PDF pré-généré."""

from django.db import transaction

from .donnees import narratif_2023
from .models import Narratif


@transaction.atomic
def charger(*, stdout) -> None:
    _, cree = Narratif.objects.get_or_create(
        annee=2023,
        defaults={
            "introduction": narratif_2023.INTRODUCTION,
            "faits_marquants": narratif_2023.FAITS_MARQUANTS,
            "perennisation": narratif_2023.PERENNISATION,
            "perspectives": narratif_2023.PERSPECTIVES,
            "est_demo": True,
        },
    )
    stdout.write("Bilan : texte 2023 " + ("créé depuis les seeds." if cree else "déjà présent."))
