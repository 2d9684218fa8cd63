"""Champs particuliers : une relation multiple (modules, engagements, responsables) dans une colonne."""

from import_export import fields


class ChampRelations(fields.Field):
    """Une relation multiple (modules, engagements, responsables) dans une colonne.

    À l'import, la valeur lue est gardée sur l'instance (`_relations`) : la ressource l'enregistre elle-même
    (par un service), après la ligne ; à l'export comme à la comparaison, c'est la relation, ou la valeur lue.
    La relation est lue dans `<attribut>_lus` quand la requête l'a préchargée là (`Prefetch(to_attr=…)` : sans
    gestionnaire de relation par ligne, coûteux sur des milliers de lignes).
    """

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not hasattr(instance, "_relations"):
            instance._relations = {}
        instance._relations[self.attribute] = list(self.clean(row, **kwargs))

    def get_value(self, instance):
        relations = getattr(instance, "_relations", {})
        if self.attribute in relations:
            return relations[self.attribute]
        if instance.pk is None:
            return []
        return relation(instance, self.attribute)


def relation(instance, attribut: str) -> list:
    """Les objets liés, préchargés dans `<attribut>_lus` s'il existe."""
    precharges = getattr(instance, f"{attribut}_lus", None)
    return list(precharges) if precharges is not None else list(getattr(instance, attribut).all())


def relations_lues(instance, attribut: str) -> list | None:
    """Les objets lus pour une relation multiple (None si la colonne manquait)."""
    return getattr(instance, "_relations", {}).get(attribut)
