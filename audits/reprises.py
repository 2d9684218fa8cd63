"""Reprise des constats ouverts lors d'un changement de référentiel (registre engagements.reprises).

Le constat garde son module et son engagement d'origine (l'audit reste tel qu'il a eu lieu) ; il est relié aussi
à leurs successeurs (`modules_repris`, `engagements_repris`) : la préparation d'audit du nouveau référentiel le
compte dès le premier jour.
"""

from engagements.reprises import Plan

from .models import Constat, Etat


def reprendre_constats(plan: Plan) -> None:
    constats = (
        Constat.objects.filter(etat=Etat.OUVERT, module__referentiel=plan.depuis)
        .select_related("audit", "module", "engagement__module")
        .order_by("audit__date_debut", "audit_id", "numero", "nature")
    )
    for constat in constats:
        modules = plan.modules_successeurs.get(constat.module_id, []) if constat.module_id else []
        engagements = plan.successeurs.get(constat.engagement_id, []) if constat.engagement_id else []
        avant = f"module {constat.module.numero}" + (
            f", engagement {constat.engagement.code}" if constat.engagement else ""
        )
        libelle = f"{constat.audit} – N°{constat.numero} {constat.get_nature_display().lower()}"
        if not modules and not engagements:
            plan.noter(
                nature="constats",
                objet_id=constat.pk,
                libelle=libelle,
                avant=avant,
                apres="aucun successeur : reste sur l'ancien référentiel",
            )
            continue
        constat.modules_repris.add(*modules)
        constat.engagements_repris.add(*engagements)
        apres = ", ".join([f"module {m.numero}" for m in modules] + [f"engagement {e.code}" for e in engagements])
        plan.noter(nature="constats", objet_id=constat.pk, libelle=libelle, avant=avant, apres=f"{apres} ({plan.vers})")
