"""Reprise des indicateurs lors d'un changement de référentiel (registre engagements.reprises) : un indicateur
suivi (non clos à la date de la migration) rattaché à un ancien engagement l'est aussi à ses successeurs ; ses
rattachements d'origine restent."""

from django.db.models import Q

from engagements.reprises import Plan

from .models import Indicateur


def reprendre_indicateurs(plan: Plan) -> None:
    indicateurs = (
        Indicateur.objects.filter(Q(date_fin__isnull=True) | Q(date_fin__gte=plan.date))
        .filter(engagements__referentiel=plan.depuis)
        .distinct()
        .prefetch_related("engagements__module")
        .order_by("code")
    )
    for indicateur in indicateurs:
        engagements = list(indicateur.engagements.all())
        anciens = [e for e in engagements if e.referentiel_id == plan.depuis.pk]
        deja = {e.pk for e in engagements}
        successeurs = {s.pk: s for e in anciens for s in plan.successeurs.get(e.pk, [])}
        avant = ", ".join(f"engagement {e.code}" for e in anciens)
        if not successeurs:
            apres = "aucun successeur : reste rattaché à l'ancien référentiel"
        else:
            indicateur.engagements.add(*[s for pk, s in successeurs.items() if pk not in deja])
            apres = ", ".join(f"engagement {s.code}" for s in successeurs.values()) + f" ({plan.vers})"
        plan.noter(nature="indicateurs", objet_id=indicateur.pk, libelle=str(indicateur), avant=avant, apres=apres)
