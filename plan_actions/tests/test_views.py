import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from engagements.tests.factories import EngagementFactory, ModuleFactory
from organisation.tests.factories import ServiceFactory, UtilisateurFactory
from plan_actions.models import Action, Statut

from .factories import ActionFactory, CommentaireFactory

pytestmark = pytest.mark.django_db


def _donnees_rapides(action, **valeurs):
    donnees = {"version": action.version, "statut": action.statut, "avancement": action.avancement, "commentaire": ""}
    donnees.update(valeurs)
    return {f"a{action.pk}-{cle}": valeur for cle, valeur in donnees.items()}


# Liste.


def test_liste_anonyme_redirige_vers_connexion(client):
    reponse = client.get(reverse("plan_actions:liste"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("login"))


def test_liste_filtres_et_comptes_par_statut(client, service):
    client.force_login(UtilisateurFactory())
    ActionFactory(intitule="Afficher les horaires", service_pilote=service, statut=Statut.EN_COURS)
    ActionFactory(intitule="Réduire les appels perdus", statut=Statut.REALISEE)
    ActionFactory(intitule="Action ancienne en retard", en_retard=True)
    reponse = client.get(reverse("plan_actions:liste"), {"service": service.pk})
    assertContains(reponse, "Afficher les horaires")
    assertNotContains(reponse, "Réduire les appels perdus")
    assertContains(reponse, "1 action correspond aux filtres")
    assertContains(reponse, "En cours : 1")
    reponse = client.get(reverse("plan_actions:liste"), {"en_retard": "1"})
    assertContains(reponse, "Action ancienne en retard")
    assertNotContains(reponse, "Afficher les horaires")


def test_liste_filtre_invalide_ignore_sans_erreur(client):
    client.force_login(UtilisateurFactory())
    ActionFactory(intitule="Toujours visible")
    reponse = client.get(
        reverse("plan_actions:liste"), {"service": "abc", "annee": "x", "tri": "inconnu", "page": "99"}
    )
    assertContains(reponse, "Toujours visible")


def test_liste_tri_par_echeance(client):
    client.force_login(UtilisateurFactory())
    import datetime

    ActionFactory(intitule="Échéance tardive", echeance=datetime.date(2031, 1, 1))
    ActionFactory(intitule="Échéance proche", echeance=datetime.date(2030, 1, 1))
    contenu = client.get(reverse("plan_actions:liste"), {"tri": "echeance"}).content.decode()
    assert contenu.index("Échéance proche") < contenu.index("Échéance tardive")


def _remplir(nombre, service):
    """`nombre` actions complètes (modules, engagements, responsables), créées en masse."""
    module = ModuleFactory(numero=1)
    engagement = EngagementFactory(module=module)
    responsable = UtilisateurFactory()
    actions = Action.objects.bulk_create(ActionFactory.build_batch(nombre, service_pilote=service))
    for relation, objet, champ in (
        (Action.modules, module, "module"),
        (Action.engagements, engagement, "engagement"),
        (Action.responsables, responsable, "utilisateur"),
    ):
        modele = relation.through
        modele.objects.bulk_create([modele(action=action, **{champ: objet}) for action in actions])


@pytest.mark.parametrize("nombre", [10, 500])
def test_liste_nombre_de_requetes_constant(client, django_assert_num_queries, service, nombre):
    """Le même nombre de requêtes avec 10 et 500 actions (pas de N+1)."""
    client.force_login(UtilisateurFactory())
    _remplir(nombre, service)
    # Le total de la liste est la somme des comptes par statut : pas de COUNT(*) de plus pour la pagination.
    with django_assert_num_queries(15):
        reponse = client.get(reverse("plan_actions:liste"), {"module": "", "statut": "en_cours"})
    assert reponse.status_code == 200
    assert reponse.context["total"] == reponse.context["page_obj"].paginator.count == nombre
    assert sum(compte["nombre"] for compte in reponse.context["comptes"]) == nombre


# Fiche.


def test_fiche_montre_journal_et_historique(client, referent):
    action = ActionFactory(intitule="Formaliser l'annuaire", statut=Statut.A_LANCER)
    CommentaireFactory(action=action, texte="Réunion de lancement faite")
    client.force_login(referent)
    client.post(
        reverse("plan_actions:mise_a_jour_rapide", kwargs={"pk": action.pk}),
        _donnees_rapides(action, statut=Statut.EN_COURS, avancement=25),
    )
    reponse = client.get(reverse("plan_actions:detail", kwargs={"pk": action.pk}))
    assertContains(reponse, "Formaliser l&#x27;annuaire")
    assertContains(reponse, "Réunion de lancement faite")
    assertContains(reponse, "À lancer → En cours")
    assertContains(reponse, "0 % → 25 %")
    assertContains(reponse, str(referent))


def test_fiche_inexistante_404(client, referent):
    client.force_login(referent)
    assert client.get(reverse("plan_actions:detail", kwargs={"pk": 999})).status_code == 404


# Droits de modification.


def test_correspondant_403_sur_action_d_un_autre_service_et_referent_peut(client, correspondant, referent):
    autre = ActionFactory(service_pilote=ServiceFactory(nom="Bureau des élections"))
    url = reverse("plan_actions:modifier", kwargs={"pk": autre.pk})
    client.force_login(correspondant)
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": 1, "statut": "realisee", "avancement": 100}).status_code == 403
    autre.refresh_from_db()
    assert autre.statut == Statut.EN_COURS
    client.force_login(referent)
    reponse = client.post(
        url,
        {
            "version": 1,
            "reference": autre.reference,
            "intitule": autre.intitule,
            "origine": "interne",
            "priorite": "normale",
            "statut": "realisee",
            "avancement": 100,
            "date_realisation": "2023-10-31",
        },
    )
    assert reponse.status_code == 302
    autre.refresh_from_db()
    assert autre.statut == Statut.REALISEE


def test_correspondant_modifie_l_action_de_son_service(client, correspondant, service):
    action = ActionFactory(service_pilote=service)
    client.force_login(correspondant)
    url = reverse("plan_actions:modifier", kwargs={"pk": action.pk})
    reponse = client.get(url)
    assertContains(reponse, "Avancement (%)")
    assertNotContains(reponse, 'name="intitule"')
    reponse = client.post(url, {"version": 1, "statut": "en_cours", "avancement": 70, "commentaire": "Presque fini"})
    assert reponse.status_code == 302
    action.refresh_from_db()
    assert action.avancement == 70
    assert action.commentaires.get().texte == "Presque fini"
    messages = [str(m) for m in reponse.wsgi_request._messages]
    assert messages == [f"Action {action.reference} enregistrée."]


def test_modifier_formulaire_invalide(client, correspondant, service):
    action = ActionFactory(service_pilote=service)
    client.force_login(correspondant)
    reponse = client.post(
        reverse("plan_actions:modifier", kwargs={"pk": action.pk}),
        {"version": 1, "statut": "en_cours", "avancement": 150},
    )
    assert reponse.status_code == 200
    assertContains(reponse, "Le formulaire contient")
    action.refresh_from_db()
    assert action.avancement == 0


def test_modification_concurrente_second_editeur_informe(client, correspondant, referent, service):
    """Deux personnes ouvrent la même action ; la seconde à enregistrer est refusée et informée."""
    action = ActionFactory(service_pilote=service, statut=Statut.A_LANCER)
    url = reverse("plan_actions:modifier", kwargs={"pk": action.pk})
    client.force_login(referent)
    client.post(
        url,
        {
            "version": 1,
            "reference": action.reference,
            "intitule": action.intitule,
            "origine": "interne",
            "priorite": "normale",
            "service_pilote": service.pk,
            "statut": "en_cours",
            "avancement": 50,
        },
    )
    client.force_login(correspondant)
    reponse = client.post(url, {"version": 1, "statut": "reportee", "avancement": 10})
    assert reponse.status_code == 200
    assertContains(reponse, "Modification concurrente : votre enregistrement a été refusé")
    assertContains(reponse, "valeur actuelle « 50 % »")
    assertContains(reponse, "votre saisie « 10 % »")
    action.refresh_from_db()
    assert (action.statut, action.avancement, action.version) == (Statut.EN_COURS, 50, 2)
    # Le formulaire ré-affiché porte la version actuelle : un nouvel envoi, en connaissance de cause, passe.
    assertContains(reponse, 'name="version" value="2"')
    assert client.post(url, {"version": 2, "statut": "reportee", "avancement": 10}).status_code == 302


def test_creer_action(client, referent, service):
    client.force_login(referent)
    reponse = client.get(reverse("plan_actions:creer"))
    assertContains(reponse, "Nouvelle action")
    reponse = client.post(
        reverse("plan_actions:creer"),
        {
            "intitule": "Mettre à jour le SVI",
            "origine": "retex",
            "priorite": "haute",
            "statut": "a_lancer",
            "avancement": 0,
            "service_pilote": service.pk,
            "commentaire": "Créée en COPIL",
        },
    )
    action = Action.objects.get(intitule="Mettre à jour le SVI")
    assert reponse.status_code == 302 and reponse["Location"] == reverse(
        "plan_actions:detail", kwargs={"pk": action.pk}
    )
    assert action.service_pilote == service
    assert action.commentaires.get().texte == "Créée en COPIL"


def test_creer_action_invalide(client, referent):
    client.force_login(referent)
    reponse = client.post(reverse("plan_actions:creer"), {"origine": "interne", "statut": "a_lancer"})
    assert reponse.status_code == 200
    assertContains(reponse, "Le formulaire contient")
    assert not Action.objects.exists()


def test_commenter(client, correspondant, service):
    action = ActionFactory(service_pilote=service)
    client.force_login(correspondant)
    url = reverse("plan_actions:commenter", kwargs={"pk": action.pk})
    assert client.get(url).status_code == 405
    assert client.post(url, {"texte": "Réunion prévue"}).status_code == 302
    assert action.commentaires.get().auteur == correspondant
    client.post(url, {"texte": ""})
    assert action.commentaires.count() == 1


# Mes actions.


def test_mes_actions_liste_les_actions_de_ses_services(client, correspondant, service):
    ActionFactory(intitule="Action de mon service", service_pilote=service)
    ActionFactory(intitule="Action d'un autre service")
    client.force_login(correspondant)
    reponse = client.get(reverse("plan_actions:mes_actions"))
    assertContains(reponse, "Action de mon service")
    assertNotContains(reponse, "Action d&#x27;un autre service")


def test_mes_actions_refuse_au_copil(client):
    client.force_login(UtilisateurFactory())
    assert client.get(reverse("plan_actions:mes_actions")).status_code == 403


def test_mise_a_jour_rapide(client, correspondant, service):
    action = ActionFactory(service_pilote=service, statut=Statut.A_LANCER)
    client.force_login(correspondant)
    url = reverse("plan_actions:mise_a_jour_rapide", kwargs={"pk": action.pk})
    assert client.get(url).status_code == 405
    reponse = client.post(url, _donnees_rapides(action, statut="realisee", avancement=80, commentaire="Terminé"))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("plan_actions:mes_actions")
    action.refresh_from_db()
    assert (action.statut, action.avancement) == (Statut.REALISEE, 100)
    assert action.commentaires.get().texte == "Terminé"


def test_mise_a_jour_rapide_invalide_et_concurrente(client, correspondant, service):
    action = ActionFactory(service_pilote=service)
    client.force_login(correspondant)
    url = reverse("plan_actions:mise_a_jour_rapide", kwargs={"pk": action.pk})
    reponse = client.post(url, _donnees_rapides(action, avancement=300), follow=True)
    assertContains(reponse, "non enregistrée")
    client.post(url, _donnees_rapides(action, avancement=30))
    reponse = client.post(url, _donnees_rapides(action, avancement=60), follow=True)
    assertContains(reponse, "modifiée par quelqu")
    action.refresh_from_db()
    assert action.avancement == 30


def test_mise_a_jour_rapide_autre_service_403(client, correspondant):
    action = ActionFactory()
    client.force_login(correspondant)
    reponse = client.post(
        reverse("plan_actions:mise_a_jour_rapide", kwargs={"pk": action.pk}), _donnees_rapides(action)
    )
    assert reponse.status_code == 403


def test_menu_mes_actions_pour_le_correspondant(client, correspondant):
    client.force_login(correspondant)
    reponse = client.get(reverse("accueil"))
    assertContains(reponse, reverse("plan_actions:mes_actions"))
    assertContains(reponse, "Plan d&#x27;actions")


def test_apres_conflit_les_champs_non_touches_prennent_la_valeur_actuelle(client, correspondant, referent, service):
    """Le second éditeur renvoie sa saisie : ce qu'il n'a pas touché ne ré-écrase pas le premier."""
    action = ActionFactory(service_pilote=service, statut=Statut.A_LANCER)
    client.force_login(correspondant)
    client.post(
        reverse("plan_actions:mise_a_jour_rapide", kwargs={"pk": action.pk}),
        _donnees_rapides(action, statut="en_cours", avancement=50),
    )
    client.force_login(referent)
    url = reverse("plan_actions:modifier", kwargs={"pk": action.pk})
    saisie = {
        "version": 1,
        "reference": action.reference,
        "intitule": action.intitule,
        "origine": "interne",
        "priorite": "haute",
        "service_pilote": service.pk,
        "echeance": "2030-06-30",
        "statut": "a_lancer",
        "avancement": 0,
    }
    reponse = client.post(url, saisie)
    assert reponse.status_code == 200
    form = reponse.context["form"]
    assert (form["statut"].value(), str(form["avancement"].value()), form["priorite"].value()) == (
        "en_cours",
        "50",
        "haute",
    )
    donnees = {nom: form[nom].value() if form[nom].value() is not None else "" for nom in saisie}
    assert client.post(url, donnees).status_code == 302
    action.refresh_from_db()
    assert (action.statut, action.avancement, action.priorite) == (Statut.EN_COURS, 50, "haute")


@pytest.mark.parametrize("nombre", [5, 60])
def test_mes_actions_nombre_de_requetes_constant(client, django_assert_num_queries, correspondant, service, nombre):
    _remplir(nombre, service)
    client.force_login(correspondant)
    # 14 requêtes quel que soit le nombre d'actions (dont une pour le menu « Saisie mensuelle » et une pour les
    # nombres d'actions ouvertes et de toutes les actions).
    with django_assert_num_queries(14):
        reponse = client.get(reverse("plan_actions:mes_actions"))
    assert reponse.status_code == 200


@pytest.mark.parametrize("modifications", [2, 20])
def test_fiche_nombre_de_requetes_fixe_quelle_que_soit_la_longueur_de_l_historique(
    client, referent, service, django_assert_num_queries, modifications
):
    from plan_actions.services import action_mettre_a_jour

    modules = [ModuleFactory(numero=n) for n in (1, 7)]
    action = ActionFactory(service_pilote=service, responsables=[referent], modules=modules[:1])
    autre_service = ServiceFactory(nom="Pôle accueil courrier")
    for rang in range(modifications):
        action.refresh_from_db()
        action_mettre_a_jour(
            action=action,
            version_lue=action.version,
            modifications={
                "avancement": rang + 1,
                "service_pilote": (service, autre_service)[rang % 2],
                "modules": [modules[rang % 2]],
            },
            auteur=referent,
        )
    client.force_login(referent)
    client.get(reverse("plan_actions:detail", kwargs={"pk": action.pk}))  # la session note l'activité
    # Session, utilisateur, action et ses relations, journal, puis l'historique en 7 requêtes (lignes, 3 relations,
    # noms des modules, engagements, comptes, services) : autant pour 2 modifications que pour 20.
    with django_assert_num_queries(14):
        reponse = client.get(reverse("plan_actions:detail", kwargs={"pk": action.pk}))
    avancements = [
        e for e in reponse.context["historique"] if any(c.libelle == "Avancement (%)" for c in e.changements)
    ]
    assert len(avancements) == modifications
    assertContains(reponse, "Module 1 → Module 7")


def test_liste_filtree_par_module_compte_chaque_action_une_fois(client, service):
    """Liée au module directement et par un engagement, une action compte une fois (total, comptes, pages)."""
    client.force_login(UtilisateurFactory())
    module = ModuleFactory(numero=3)
    engagement = EngagementFactory(module=module)
    for _ in range(30):
        ActionFactory(service_pilote=service, modules=[module], engagements=[engagement])
    reponse = client.get(reverse("plan_actions:liste"), {"module": module.pk})
    assert reponse.context["total"] == 30
    assert reponse.context["page_obj"].paginator.num_pages == 2
    assert {c["statut"]: c["nombre"] for c in reponse.context["comptes"]}[Statut.EN_COURS] == 30
