"""Reprise des actions ouvertes lors d'un changement de référentiel (registre engagements.reprises).

Une action ouverte rattachée à un ancien engagement l'est aussi à ses successeurs ; rattachée à un ancien module,
elle l'est aussi aux modules qui reçoivent les successeurs de ses engagements. Les rattachements d'origine restent
(l'historique et les bilans passés les relisent) ; la modification passe par `action_mettre_a_jour` (historique,
verrou de version) avec une ligne de journal.
"""

from django.db.models import Prefetch, Q

from engagements.models import Engagement
from engagements.reprises import Plan

from .models import Action
from .services import action_mettre_a_jour


def reprendre_actions(plan: Plan) -> None:
    anciens_modules = list(plan.depuis.modules.values_list("pk", flat=True))
    actions = (
        Action.objects.ouvertes()
        .filter(Q(engagements__referentiel=plan.depuis) | Q(modules__in=anciens_modules))
        .distinct()
        .prefetch_related("modules", Prefetch("engagements", queryset=Engagement.objects.select_related("module")))
        .order_by("reference")
    )
    for action in actions:
        engagements = list(action.engagements.all())
        modules = list(action.modules.all())
        anciens_engagements = [e for e in engagements if e.referentiel_id == plan.depuis.pk]
        anciens = [m for m in modules if m.referentiel_id == plan.depuis.pk]
        nouveaux_engagements = {s.pk: s for e in anciens_engagements for s in plan.successeurs.get(e.pk, [])}
        nouveaux_modules = {s.pk: s for m in anciens for s in plan.modules_successeurs.get(m.pk, [])}
        avant = ", ".join(
            [f"module {m.numero}" for m in anciens] + [f"engagement {e.code}" for e in anciens_engagements]
        )
        ajouts_engagements = [e for pk, e in nouveaux_engagements.items() if pk not in {x.pk for x in engagements}]
        ajouts_modules = [m for pk, m in nouveaux_modules.items() if pk not in {x.pk for x in modules}]
        if not ajouts_engagements and not ajouts_modules:
            plan.noter(
                nature="actions",
                objet_id=action.pk,
                libelle=str(action),
                avant=avant,
                apres="aucun successeur : reste rattachée à l'ancien référentiel",
            )
            continue
        apres = ", ".join(
            [f"module {m.numero}" for m in sorted(nouveaux_modules.values(), key=lambda m: m.numero)]
            + [f"engagement {e.code}" for e in nouveaux_engagements.values()]
        )
        action_mettre_a_jour(
            action=action,
            version_lue=action.version,
            modifications={"engagements": engagements + ajouts_engagements, "modules": modules + ajouts_modules},
            auteur=plan.auteur,
            commentaire=f"Reprise sur {plan.vers} le {plan.date:%d/%m/%Y} : {avant} → {apres}.",
        )
        plan.noter(
            nature="actions", objet_id=action.pk, libelle=str(action), avant=avant, apres=f"{apres} ({plan.vers})"
        )
