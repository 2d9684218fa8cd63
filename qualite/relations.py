"""Relations multiples lues par lots, pour les exports de milliers de lignes.

`prefetch_related` construit un objet lié par lien : 10 000 actions à trois modules, c'est 30 000 modules
construits pour les huit du référentiel. `RelationsParLots` lit les paires (ligne, objet) dans la table de
liaison, une requête par relation et par lot, et construit chaque objet lié une fois pour tout l'export ;
il les pose en listes `<relation>_lus` (ce que lit `qualite.echanges.relation`), dans l'ordre du modèle lié.

    relations = RelationsParLots(Action, {"modules": Module.objects.select_related("referentiel")})
    for action in relations.parcourir(Action.objects.all(), taille=2000):
        action.modules_lus
"""

from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any, cast

from django.db.models import ManyToManyField, Model, QuerySet


class RelationsParLots:
    def __init__(self, modele: type[Model], cibles: Mapping[str, QuerySet]):
        self.modele = modele
        self.cibles = dict(cibles)
        self.objets: dict[str, dict[Any, Any]] = {champ: {} for champ in self.cibles}
        self.rangs: dict[str, dict[Any, int]] = {champ: {} for champ in self.cibles}

    def attacher(self, lignes: list[Model]) -> None:
        """Pose `<relation>_lus` sur chaque ligne du lot : une requête par relation, plus une pour ses objets
        nouveaux (relus avec les connus, dans l'ordre de leur modèle, comme `prefetch_related` les donnerait)."""
        pks = [ligne.pk for ligne in lignes]
        for champ, cibles in self.cibles.items():
            champ_m2m = cast(ManyToManyField, self.modele._meta.get_field(champ))
            cote, cote_cible = champ_m2m.m2m_field_name(), champ_m2m.m2m_reverse_field_name()
            liaison = cast(type[Model], champ_m2m.remote_field.through)
            paires = list(
                liaison._default_manager.filter(**{f"{cote}_id__in": pks}).values_list(f"{cote}_id", f"{cote_cible}_id")
            )
            objets, rangs = self.objets[champ], self.rangs[champ]
            if manquants := {cible for _, cible in paires} - objets.keys():
                relus = list(cibles.filter(pk__in=objets.keys() | manquants))
                objets.update((objet.pk, objet) for objet in relus)
                rangs.update((objet.pk, rang) for rang, objet in enumerate(relus))
            par_ligne: dict[Any, list] = {pk: [] for pk in pks}
            for pk, cible in paires:
                par_ligne[pk].append(objets[cible])
            for ligne in lignes:
                setattr(ligne, f"{champ}_lus", sorted(par_ligne[ligne.pk], key=lambda objet: rangs[objet.pk]))

    def parcourir(self, queryset: QuerySet, *, taille: int) -> Iterator[Model]:
        """Les lignes du queryset par lots de `taille` (curseur côté serveur), relations posées lot par lot."""
        lignes = queryset.iterator(chunk_size=taille)
        while lot := list(islice(lignes, taille)):
            self.attacher(lot)
            yield from lot
