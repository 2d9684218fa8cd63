# ruff: noqa: E501
"""Texte éditorial de démonstration, repris tel quel (OCR corrigé) des seeds :

- introduction, pérennisation et perspectives : bilan qualité de la préfecture de la Haute-Savoie
  (seed 001, « Introduction », « 4. Les modalités de pérennisation », « Perspectives ») ;
- faits marquants : diapositives du comité local d'amélioration continue du 20 novembre 2023 (seed 000).
"""

INTRODUCTION = """L'accueil du public, et plus généralement la qualité de l'action des services de l'État est une priorité gouvernementale renforcée par le lancement en octobre 2017 du grand programme de transformation de l'administration : Action Publique 2022.

Une des premières mesures annoncées par le premier comité interministériel de la transformation publique le 1er février 2018 vise à renforcer la transparence sur l'efficacité et la qualité des services publics en relations avec les usagers. Toutes les administrations en relation avec les usagers sont donc tenues de publier des indicateurs de résultats et de qualité de service, notamment les taux de satisfaction des usagers.

Le ministère de l'Intérieur, au travers du Plan Préfecture Nouvelle Génération, s'est appuyé sur les technologies du numérique pour améliorer la qualité de l'accueil et du service rendu aux usagers, en renforçant, grâce à la dématérialisation des demandes de titres, la proximité sur tout le territoire, et notamment en milieu rural.

La démarche Qualité n'est pas nouvelle pour les préfectures, qui se sont engagées depuis 2006 à respecter les référentiels Marianne et Qualipref. La mise en œuvre en 2017 du Plan Préfecture Nouvelle Génération a modifié l'organisation du réseau préfectoral et a fait évoluer la relation usager avec le développement des télé-procédures pour les titres régaliens (carte nationale d'identité, passeport, permis de conduire et certificat d'immatriculation des véhicules). Ce dispositif est désormais complété par des points d'accueil numérique qui permettent aux usagers ne disposant pas d'internet ou non rompus à son usage de pouvoir être accompagnés dans leurs démarches.

Dans ce cadre, la préfecture de la Haute-Savoie souhaite :
- disposer d'un référentiel Qualité incontestable et respecter ses engagements de service ;
- rester à l'écoute et améliorer la satisfaction des usagers ;
- valoriser le savoir-faire de ses collaborateurs.

La Préfecture de la Haute-Savoie, labellisée Marianne puis Qualipref 2.0, souhaite profiter du référentiel Qual-e-pref pour continuer à améliorer son organisation, consolider ses engagements relatifs à l'accueil, à l'information numérique et à une offre de services dématérialisés.

C'est la raison pour laquelle elle a successivement obtenu le label Qual-e-Pref en décembre 2019 et septembre 2021. Un nouvel audit externe est prévu courant janvier 2023.

Les démarches d'amélioration de la qualité constituent un outil de management tourné vers l'amélioration continue des processus. La préfecture de la Haute-Savoie, qui s'inscrit pleinement dans cette stratégie, a clairement défini les instances et les modalités de pilotage de la politique de qualité au sein de ses services."""

FAITS_MARQUANTS = """Une enquête « mystère » réalisée sur le standard de février à juin 2023, en coordination avec les contrôleurs de gestion de la Savoie et de l'Isère : 93 % de résultats positifs.

Une enquête de satisfaction des usagers pris en charge par les différents accueils de la préfecture, réalisée du 6 au 13 novembre 2023 : échantillon de 332 personnes ; taux de réponse : 26 %, soit 86 personnes. Mode de collecte : mailing ; QR Code."""

PERENNISATION = """Afin de s'assurer de la solidité et la pérennité du dispositif de contrôle permanent mis en place, la préfecture de la Haute-Savoie s'engage à :
- réaliser un bilan annuel « qualité », dont le compte-rendu sera présenté au COPIL, au comité technique, à l'ensemble des agents et au comité local des usagers ;
- pérenniser les missions du référent Qualité ;
- réaliser au moins une enquête de satisfaction annuelle auprès des usagers ;
- répondre aux suggestions et aux réclamations des usagers, afin d'alimenter un plan d'actions correctives ;
- créer et suivre des indicateurs relatifs à la qualité de l'accueil."""

PERSPECTIVES = """La préfecture de la Haute-Savoie poursuivra la consolidation des démarches mises en œuvre dans le cadre de la labellisation Qual-e-pref grâce au dispositif de contrôle permanent mis en place et à l'implication forte de l'encadrement et des équipes.

La préfecture de la Haute-Savoie s'inscrit pleinement dans le programme national de renforcement de la transparence sur l'efficacité et la qualité des services publics en relation avec les usagers en affichant ses résultats dans les espaces d'accueil et sur son site internet.

Les sous-préfectures, exclues du périmètre de labellisation, sont invitées à organiser leur fonctionnement au plus près des engagements du référentiel Qual-e-pref."""
