"""Le bilan qualité annuel : textes du référent, demandes de génération (Celery), PDF/UA construit par WeasyPrint
à partir des selectors des applications, archive par année et par édition (COPIL, comité local des usagers)."""
