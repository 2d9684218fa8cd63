"""Filtres de mise en forme française et petites aides de gabarit."""

from django import template
from django.utils.http import urlencode

from qualite import formatage

register = template.Library()


@register.filter
def nombre(valeur, decimales=0):
    return formatage.nombre(valeur, int(decimales))


@register.filter
def pourcent(valeur, decimales=2):
    return formatage.pourcent(valeur, int(decimales))


@register.filter
def jours(valeur, decimales=2):
    return formatage.jours(valeur, int(decimales))


@register.filter
def variation(valeur, decimales=1):
    return formatage.variation(valeur, int(decimales))


@register.simple_tag(takes_context=True)
def params_page(context, numero):
    """Paramètres de la requête courante avec un autre numéro de page."""
    parametres = context["request"].GET.copy()
    parametres["page"] = numero
    return urlencode(sorted(parametres.lists()), doseq=True)


@register.filter
def pages_affichees(page_obj) -> list[int]:
    """Les numéros que montre la pagination : la première page, la dernière, et deux de chaque côté de la page
    courante. Calculés sans parcourir toutes les pages : une liste de 800 pages s'affiche comme une de 8."""
    derniere = page_obj.paginator.num_pages
    numero = page_obj.number
    return sorted({1, derniere, *range(max(1, numero - 2), min(derniere, numero + 2) + 1)})


@register.simple_tag(takes_context=True)
def params_tri(context, champ):
    """Paramètres de la requête courante triés sur `champ` (inverse le sens si déjà trié)."""
    parametres = context["request"].GET.copy()
    parametres["tri"] = f"-{champ}" if parametres.get("tri") == champ else champ
    parametres.pop("page", None)
    return urlencode(sorted(parametres.lists()), doseq=True)
