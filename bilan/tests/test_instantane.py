"""Le bilan d'une année est l'instantané de son 31 décembre : les événements de l'année suivante n'y changent rien.

Le test voyage dans le temps (time-machine) : la démonstration est chargée en janvier 2024 et le bilan 2023 rendu ;
en juillet 2024, un audit de suivi et ses constats, un nouveau cycle de label et la clôture d'actions de 2023 sont
enregistrés, puis le bilan 2023 est rendu de nouveau : son texte est identique.
"""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils.html import strip_tags

from audits.models import TypeAudit
from audits.tests.factories import AuditFactory, ConstatFactory
from bilan.contenu import contenu_bilan
from bilan.rendu import rendre_html
from engagements.models import CycleLabel, Perimetre
from engagements.tests.factories import CycleLabelFactory, PerimetreFactory
from organisation.demo import site_principal
from plan_actions import selectors as plan_selectors
from plan_actions import services as plan_services
from plan_actions.models import Action, Statut

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _texte(html: str) -> str:
    texte = strip_tags(html)
    texte = re.sub(r"Document produit le \d\d/\d\d/\d{4}", "", texte)
    return " ".join(texte.split())


def _evenements_de_2024() -> None:
    site = site_principal()
    ancien = CycleLabel.objects.filter(site=site).order_by("-date_obtention").first()
    perimetre = Perimetre.objects.get(cycle=ancien)
    audit = AuditFactory(
        site=site,
        referentiel=ancien.referentiel,
        perimetre=perimetre,
        type=TypeAudit.SUIVI,
        date_debut=datetime.date(2024, 6, 10),
    )
    for numero in range(1, 4):
        ConstatFactory(audit=audit, numero=numero, module=perimetre.modules.first(), piste=True)
    nouveau = CycleLabelFactory(site=site, referentiel=ancien.referentiel, date_obtention=datetime.date(2024, 6, 30))
    PerimetreFactory(cycle=nouveau, modules=[], date=datetime.date(2024, 6, 30))
    CycleLabelFactory(site=site, referentiel=ancien.referentiel, date_obtention=None)  # un cycle en préparation
    for action in Action.objects.filter(statut__in=(Statut.EN_COURS, Statut.A_LANCER)).order_by("pk")[:8]:
        plan_services.action_mettre_a_jour(
            action=action,
            version_lue=action.version,
            modifications={"statut": Statut.REALISEE, "date_realisation": datetime.date(2024, 6, 28)},
            auteur=None,
        )


def test_le_bilan_2023_est_identique_apres_les_evenements_de_2024(settings):
    with time_machine.travel(datetime.datetime(2024, 1, 15, 9, tzinfo=PARIS), tick=False):
        call_command("charger_demo", stdout=io.StringIO())
        avant = _texte(rendre_html(2023, "copil"))
        chiffres_avant = contenu_bilan(2023, "copil")
    with time_machine.travel(datetime.datetime(2024, 7, 1, 9, tzinfo=PARIS), tick=False):
        _evenements_de_2024()
        apres = _texte(rendre_html(2023, "copil"))
        chiffres_apres = contenu_bilan(2023, "copil")
        # Le bilan 2024 voit bien les événements de 2024.
        bilan_2024 = contenu_bilan(2024, "copil")
    assert "La préfecture s'organise pour respecter 24 engagements" in avant
    assert "Aucun audit n'a eu lieu" not in avant
    assert chiffres_avant["total_actions"] == 155 and len(chiffres_avant["actions_realisees"]) == 13
    assert sum(chiffres_avant["constats_par_nature"].values()) == 17
    assert apres == avant, _diff(avant, apres)
    assert chiffres_apres["total_actions"] == 155 and len(chiffres_apres["actions_realisees"]) == 13
    assert bilan_2024["audit"].date_debut == datetime.date(2024, 6, 10)
    assert bilan_2024["cycle"].date_obtention is None  # le cycle en préparation passe devant


def _diff(a, b):
    import difflib

    return "\n".join(difflib.unified_diff(a.split(" — "), b.split(" — "), lineterm="", n=0))


def test_le_bilan_d_une_annee_close_ne_change_pas_apres_reecriture_de_l_historique():
    """Close le 1er janvier (tâche de clôture), l'année 2023 garde son 31/12 même si l'historique d'avant est réécrit
    ensuite (reprise, correction en base) ; ses chiffres sont ceux que lit le tableau de bord (`chiffres_du_plan`)."""
    with time_machine.travel(datetime.datetime(2024, 1, 15, 9, tzinfo=PARIS), tick=False):
        call_command("charger_demo", stdout=io.StringIO())
        plan_services.annee_cloturer(annee=2023)
        avant = _texte(rendre_html(2023, "copil"))
    with time_machine.travel(datetime.datetime(2024, 7, 1, 9, tzinfo=PARIS), tick=False):
        _evenements_de_2024()
        Action.history.filter(history_date__lt=datetime.datetime(2024, 1, 1, tzinfo=PARIS)).update(
            statut=Statut.ABANDONNEE
        )
        apres = _texte(rendre_html(2023, "copil"))
        chiffres = contenu_bilan(2023, "copil")
        tableau = plan_selectors.chiffres_du_plan(datetime.date(2023, 12, 31))
    assert apres == avant, _diff(avant, apres)
    assert {ligne["statut"]: ligne["nombre"] for ligne in chiffres["actions_par_statut"]} == {
        statut: tableau.comptes[statut] for statut in Statut.values
    }
    assert len(chiffres["actions_realisees"]) == tableau.comptes["realisees"] == 13
