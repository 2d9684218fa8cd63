"""Cas de la matrice des permissions pour le plan d'actions."""

from tests_outils.matrice import CONNECTES, Cas, lecture, reserve_referent

from .factories import ActionFactory


def preparer(monde) -> None:
    monde.action = ActionFactory(reference="2023-900", service_pilote=monde.service)
    monde.action_autre = ActionFactory(reference="2023-901", service_pilote=monde.autre_service)


def _action(m) -> dict:
    return {"pk": m.action.pk}


def _suivi(ok: int = 200) -> dict[str, int]:
    """Modifier l'action du service « accueil » : référent, administrateur et son correspondant."""
    return reserve_referent(ok=ok, correspondant=ok)


CORRESPONDANTS = {role: 403 for role in CONNECTES} | {"anonyme": 302, "correspondant": 200, "correspondant_autre": 200}

CAS = [
    Cas("plan_actions:liste", lecture()),
    Cas("plan_actions:liste", lecture(), requete="statut=en_cours&en_retard=1&tri=-echeance", nom="GET liste filtrée"),
    Cas("plan_actions:detail", lecture(), kwargs=_action),
    Cas("plan_actions:creer", reserve_referent()),
    Cas(
        "plan_actions:creer",
        reserve_referent(ok=302),
        methode="post",
        donnees=lambda m: {
            "intitule": "Action créée par la matrice",
            "origine": "interne",
            "priorite": "normale",
            "statut": "a_lancer",
            "avancement": 0,
        },
    ),
    Cas("plan_actions:modifier", _suivi(), kwargs=_action),
    Cas(
        "plan_actions:modifier",
        _suivi(302),
        kwargs=_action,
        methode="post",
        donnees=lambda m: {
            "version": m.action.version,
            "statut": "en_cours",
            "avancement": 10,
            "intitule": m.action.intitule,
            "reference": m.action.reference,
            "origine": "interne",
            "priorite": "normale",
        },
        nom="POST modifier",
    ),
    Cas(
        "plan_actions:modifier",
        reserve_referent(correspondant_autre=200),
        kwargs=lambda m: {"pk": m.action_autre.pk},
        nom="GET modifier autre",
    ),
    Cas("plan_actions:commenter", _suivi(302), kwargs=_action, methode="post", donnees=lambda m: {"texte": "Noté"}),
    Cas("plan_actions:mes_actions", CORRESPONDANTS),
    Cas(
        "plan_actions:mise_a_jour_rapide",
        _suivi(302),
        kwargs=_action,
        methode="post",
        donnees=lambda m: {
            f"a{m.action.pk}-version": m.action.version,
            f"a{m.action.pk}-statut": "en_cours",
            f"a{m.action.pk}-avancement": 30,
        },
    ),
    Cas("plan_actions:exporter", lecture(), requete="format=csv", html=False),
    Cas("plan_actions:exporter", lecture(), requete="format=xlsx", html=False, nom="GET export xlsx"),
    Cas("plan_actions:importer", reserve_referent()),
]
