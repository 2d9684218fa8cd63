"""La pagination montre la première page, la dernière et deux voisines de chaque côté, sans parcourir les pages."""

import pytest
from django.core.paginator import Paginator

from qualite.templatetags.qualite_fr import pages_affichees


@pytest.mark.parametrize(
    ("pages", "numero", "attendu"),
    [
        (1, 1, [1]),
        (3, 2, [1, 2, 3]),
        (800, 1, [1, 2, 3, 800]),
        (800, 400, [1, 398, 399, 400, 401, 402, 800]),
        (800, 800, [1, 798, 799, 800]),
    ],
)
def test_pages_affichees(pages, numero, attendu):
    page = Paginator(range(pages * 25), 25).page(numero)
    assert pages_affichees(page) == attendu
