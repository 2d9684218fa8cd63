"""Le site principal de la préfecture, défini une fois (organisation.selectors.site_principal)."""

import pytest

from organisation import selectors
from organisation.models import Site

from .factories import SiteFactory

pytestmark = pytest.mark.django_db

PREFECTURE, SOUS_PREFECTURE = Site.Type.PREFECTURE, Site.Type.SOUS_PREFECTURE


@pytest.mark.parametrize(
    ("sites", "attendu"),
    [
        ([], None),
        ([("Sous-préfecture de Saint-Claude", SOUS_PREFECTURE, 0), ("Préfecture", PREFECTURE, 5)], "Préfecture"),
        ([("Préfecture B", PREFECTURE, 2), ("Préfecture A", PREFECTURE, 1)], "Préfecture A"),
        ([("Préfecture B", PREFECTURE, 1), ("Préfecture A", PREFECTURE, 1)], "Préfecture A"),
        ([("Dole", SOUS_PREFECTURE, 3), ("Saint-Claude", SOUS_PREFECTURE, 4)], "Dole"),
    ],
)
def test_site_principal(sites, attendu):
    for nom, type_site, ordre in sites:
        SiteFactory(nom=nom, type=type_site, ordre=ordre)
    principal = selectors.site_principal()
    assert (principal.nom if principal else None) == attendu
    # La liste des sites garde l'ordre d'affichage et marque le même site principal.
    liste = list(selectors.sites())
    assert [s.nom for s in liste] == [s.nom for s in Site.objects.order_by("ordre", "nom")]
    assert [s.nom for s in liste if s.est_principal] == ([attendu] if attendu else [])
