"""Cas de la matrice des permissions du bilan.

Suivre les demandes : référent, administrateur, COPIL. Demander un bilan, rédiger le texte : référent et
administrateur. Télécharger : édition COPIL comme le suivi ; édition CLU : tout compte connecté.
Les présentations (diaporama du comité) suivent les mêmes droits ; téléverser le masque de la préfecture :
référent et administrateur.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests_outils.matrice import CONNECTES, Cas, lecture, reserve_referent

from .factories import DemandeBilanFactory, DemandePresentationFactory, masque_pptx


def preparer(monde) -> None:
    monde.bilan_copil = DemandeBilanFactory(annee=2022, termine=True)
    monde.bilan_clu = DemandeBilanFactory(annee=2022, clu=True, termine=True)
    monde.diaporama_copil = DemandePresentationFactory(annee=2022, termine=True)
    monde.diaporama_clu = DemandePresentationFactory(annee=2022, clu=True, pdf=True, termine=True)


SUIVI = reserve_referent(copil=200)


def _texte(m) -> dict:
    return {
        "introduction": "Introduction",
        "faits_marquants": "",
        "perennisation": "",
        "perspectives": "Perspectives",
    }


CAS = [
    Cas("bilan:demande_list", SUIVI),
    # Fragment rechargé par suivi.js (pas une page complète : axe passe sur la page qui l'inclut).
    Cas("bilan:demande_etat", SUIVI, html=False),
    Cas(
        "bilan:demande_creer",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"annee": "2023", "edition": "clu"},
    ),
    Cas(
        "bilan:demande_telecharger",
        SUIVI,
        kwargs=lambda m: {"pk": m.bilan_copil.pk},
        html=False,
        nom="GET bilan:demande_telecharger (COPIL)",
    ),
    Cas(
        "bilan:demande_telecharger",
        lecture(),
        kwargs=lambda m: {"pk": m.bilan_clu.pk},
        html=False,
        nom="GET bilan:demande_telecharger (CLU)",
    ),
    Cas("bilan:narratif_modifier", reserve_referent(), kwargs=lambda m: {"annee": 2023}),
    Cas(
        "bilan:narratif_modifier",
        reserve_referent(ok=302),
        kwargs=lambda m: {"annee": 2023},
        methode="post",
        donnees=_texte,
    ),
]

CAS += [
    Cas("bilan:presentation_list", SUIVI),
    Cas("bilan:presentation_etat", SUIVI, html=False),
    Cas(
        "bilan:presentation_creer",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {
            "annee": "2023",
            "edition": "clu",
            "format": "pdf",
            "diapositives": ["indicateurs"],
            "masque": "integre",
        },
    ),
    Cas(
        "bilan:presentation_telecharger",
        SUIVI,
        kwargs=lambda m: {"pk": m.diaporama_copil.pk},
        html=False,
        nom="GET bilan:presentation_telecharger (COPIL)",
    ),
    Cas(
        "bilan:presentation_telecharger",
        lecture(),
        kwargs=lambda m: {"pk": m.diaporama_clu.pk},
        html=False,
        nom="GET bilan:presentation_telecharger (CLU)",
    ),
    Cas(
        "bilan:masque_televerser",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {"fichier": SimpleUploadedFile("masque.pptx", masque_pptx())},
    ),
]

__all__ = ["CAS", "CONNECTES", "preparer"]
