"""Réglages de qualite, lus dans l'environnement seul (django-environ) ; le fichier .env est lu par
`qualite.settings` (paquet), jamais ici.

Sans configuration : SQLite et tâches Celery exécutées dans le processus.
Avec DATABASE_URL et CELERY_BROKER_URL : PostgreSQL et Redis, avec de vrais workers.
QUALITE_ENV=production active les réglages de sécurité (voir .env.example).
"""

import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

QUALITE_ENV = env("QUALITE_ENV", default="developpement")
PRODUCTION = QUALITE_ENV == "production"

DEBUG = env.bool("DEBUG", default=False) and not PRODUCTION
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire en production.")
    SECRET_KEY = "developpement-uniquement-cle-non-secrete-ne-pas-utiliser-en-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# L'adresse publique du site : chaque lien d'un courriel est absolu (qualite.liens.adresse_absolue).
SITE_URL = env("SITE_URL", default="" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL est obligatoire en production (ex. https://qualite.prefecture.gouv.fr).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# L'identité de la préfecture (nom, bloc-marque, sites, contact) se saisit dans l'application
# (organisation.Prefecture) ; PREFECTURE_NOM n'est que le nom affiché tant qu'elle n'est pas saisie.
PREFECTURE_NOM = env("PREFECTURE_NOM", default="")
SITE_TITRE = env("SITE_TITRE", default="Qualité")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",  # chargé par les gabarits de formulaire de django-dsfr (sa dépendance)
    "simple_history",
    "import_export",
    "axes",
    "qualite",
    "organisation",
    "engagements",
    "plan_actions",
    "audits",
    "indicateurs",
    "enquetes",
    "pilotage",
    "bilan",
    "exploitation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qualite.middleware.TailleRequeteMiddleware",
    "qualite.middleware.BaseIndisponibleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qualite.middleware.DureeSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualite.urls"
WSGI_APPLICATION = "qualite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qualite.context_processors.qualite",
            ],
        },
    },
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# Connexions réutilisées une minute (PostgreSQL : en ouvrir une par requête coûte plus que la page de santé),
# vérifiées avant chaque requête. SQLite : un fichier ouvert, rien à garder.
_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if _SQLITE else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if _SQLITE:
    # WAL : les lectures ne bloquent pas l'écriture ; une écriture attend son tour (busy timeout de 20 s) au lieu
    # d'échouer, et chaque transaction prend le verrou d'écriture dès son début (IMMEDIATE), ce qui évite l'échec
    # « database is locked » d'une transaction qui passerait de la lecture à l'écriture.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # CNIL 2022 : au moins 12 caractères des quatre types, ou une phrase de passe plus longue (qualite.mots_de_passe).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "qualite.mots_de_passe.ComplexiteCnilValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "qualite.mots_de_passe.MotsDePasseCourantsValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "login"

# Verrouillage après 5 échecs de connexion (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# ANSSI : verrouillage par couple (identifiant, adresse IP) : des échecs sur des noms au hasard ne verrouillent pas
# tous les agents derrière le même proxy, et personne ne peut verrouiller un compte nommé depuis ailleurs.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# L'adresse IP du client : REMOTE_ADDR, ou, derrière QUALITE_PROXYS_DE_CONFIANCE proxys inverses (nginx), lue dans
# X-Forwarded-For (django-ipware) ; à 0 (défaut) l'en-tête, falsifiable, est ignoré. Voir .env.example.
AXES_IPWARE_PROXY_COUNT = env.int("QUALITE_PROXYS_DE_CONFIANCE", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
# Courriels « mot de passe oublié » : au plus N par adresse et par IP sur la période (qualite.views).
QUALITE_REINITIALISATIONS_PAR_ADRESSE = env.int("QUALITE_REINITIALISATIONS_PAR_ADRESSE", default=3)
QUALITE_REINITIALISATIONS_PAR_IP = env.int("QUALITE_REINITIALISATIONS_PAR_IP", default=10)
QUALITE_REINITIALISATIONS_PERIODE = env.int("QUALITE_REINITIALISATIONS_PERIODE", default=3600)
AXES_LOCKOUT_TEMPLATE = "registration/verrouillage.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Session : 30 minutes d'inactivité, 12 heures au plus (voir qualite.middleware).
SESSION_COOKIE_AGE = 30 * 60
# L'expiration est repoussée par DureeSessionMiddleware, une écriture par minute au plus (pas à chaque page).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_INTERVALLE_ACTIVITE = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_DUREE_MAXIMALE = 12 * 60 * 60

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["qualite.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/fichiers/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Hors production, les fichiers statiques sont servis depuis les applications (pas de collectstatic).
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
# Téléversements : 10 Mo au plus (les preuves vérifient aussi leur type).
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
TAILLE_MAX_TELEVERSEMENT = 10 * 1024 * 1024
# Corps de requête plafonné (fichier compris) : refusé d'emblée, sur son Content-Length, au-delà (413, voir
# qualite.middleware.TailleRequeteMiddleware) ; le proxy applique la même limite (nginx : client_max_body_size 12m).
TAILLE_MAX_REQUETE = 12 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="qualite@prefecture.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery : sans courtier configuré, les tâches s'exécutent dans le processus (tests, commandes).
# `make run` lance un worker et beat sur un courtier embarqué (QUALITE_COURTIER_EMBARQUE=1) : le transport
# « filesystem » de kombu, des fichiers sous var/courtier/, sans serveur. En production : Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
COURTIER_EMBARQUE = not CELERY_BROKER_URL and env.bool("QUALITE_COURTIER_EMBARQUE", default=False)
COURTIER_DOSSIER = Path(env("QUALITE_COURTIER_DOSSIER", default="") or BASE_DIR / "var" / "courtier")
if COURTIER_EMBARQUE:
    CELERY_BROKER_URL = "filesystem://localhost/"
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="qualite")
# Une tâche d'un worker tué revient après VISIBILITY_TIMEOUT (et non une heure).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=120)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    # Redis injoignable : la connexion échoue vite (une page ne reste pas bloquée ; la relance republie).
    "socket_connect_timeout": 1,
}
if COURTIER_EMBARQUE:
    for _sous_dossier in ("messages", "controle"):
        (COURTIER_DOSSIER / _sous_dossier).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(COURTIER_DOSSIER / "messages"),
        "data_folder_out": str(COURTIER_DOSSIER / "messages"),
        "control_folder": str(COURTIER_DOSSIER / "controle"),
        "store_processed": False,
    }
# Le worker et beat se reconnectent à Redis après une coupure (au démarrage aussi).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Relance des tâches non envoyées (courtier injoignable) : toutes les QUALITE_RELANCE_SECONDES, pour les
# lignes créées depuis plus de QUALITE_RELANCE_ANCIENNETE_SECONDES (laisse le temps à l'envoi normal).
QUALITE_RELANCE_SECONDES = env.float("QUALITE_RELANCE_SECONDES", default=60)
QUALITE_RELANCE_ANCIENNETE_SECONDES = env.float("QUALITE_RELANCE_ANCIENNETE_SECONDES", default=30)
# Relances du plan d'actions et rappels des mesures : idempotents (une clé par courriel et par jour), ils
# passent toutes les QUALITE_RELANCES_SECONDES : une relance due part dans la minute, même après un arrêt.
QUALITE_RELANCES_SECONDES = env.float("QUALITE_RELANCES_SECONDES", default=60)
CELERY_BEAT_SCHEDULE: dict = {
    # Relances du plan d'actions (7 jours avant, la veille, en retard ; idempotent).
    "plan_actions-relances": {
        "task": "plan_actions.tasks.relances_quotidiennes",
        "schedule": timedelta(seconds=QUALITE_RELANCES_SECONDES),
        "options": {"expires": QUALITE_RELANCES_SECONDES},
    },
    # Clôture de l'année écoulée (état des actions au 31/12 et chiffres du tableau de bord figés ; idempotent).
    "plan_actions-cloture-des-annees": {
        "task": "plan_actions.tasks.cloturer_annees_passees",
        "schedule": timedelta(hours=1),
        "options": {"expires": 3600},
    },
    # Rappel des mesures mensuelles manquantes (à partir du 10 du mois ; idempotent).
    "indicateurs-rappels-mesures": {
        "task": "indicateurs.tasks.rappeler_mesures_manquantes",
        "schedule": timedelta(seconds=QUALITE_RELANCES_SECONDES),
        "options": {"expires": QUALITE_RELANCES_SECONDES},
    },
    # Demandes de bilan et courriels restés non envoyés (courtier injoignable) : republiés à son retour.
    "bilan-relance-non-envoyees": {
        "task": "bilan.tasks.relancer_demandes_non_envoyees",
        "schedule": timedelta(seconds=QUALITE_RELANCE_SECONDES),
        "options": {"expires": QUALITE_RELANCE_SECONDES},
    },
    # Aperçus d'import abandonnés (imports_en_attente/) : supprimés après 24 heures.
    "qualite-purge-imports-en-attente": {
        "task": "qualite.tasks.purger_imports_en_attente",
        "schedule": timedelta(hours=1),
        "options": {"expires": 3600},
    },
    "organisation-relance-courriels-non-envoyes": {
        "task": "organisation.tasks.relancer_courriels_non_envoyes",
        "schedule": timedelta(seconds=QUALITE_RELANCE_SECONDES),
        "options": {"expires": QUALITE_RELANCE_SECONDES},
    },
}

# Sécurité.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SILENCED_SYSTEM_CHECKS: list[str] = []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- ProConnect (OpenID Connect, mozilla-django-oidc) ---------------------------------------------------------
# Désactivé par défaut. OIDC_ACTIVE=true ajoute « S'identifier avec ProConnect » à la page de connexion, à côté du
# mot de passe (voir le README : déclaration sur l'espace partenaire ProConnect, réglages). Les points d'accès se
# déduisent de OIDC_OP_URL (ex. https://auth.agentconnect.gouv.fr/api/v2) ; chacun peut être donné à part.
OIDC_ACTIVE = env.bool("OIDC_ACTIVE", default=False)
OIDC_OP_URL = env("OIDC_OP_URL", default="").rstrip("/")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="") or OIDC_OP_URL
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="") or f"{OIDC_OP_URL}/authorize"
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="") or f"{OIDC_OP_URL}/token"
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="") or f"{OIDC_OP_URL}/userinfo"
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="") or f"{OIDC_OP_URL}/jwks"
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", default="") or f"{OIDC_OP_URL}/session/end"
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="") or "RS256"
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="") or "openid email given_name usual_name uid siret idp_id"
# Niveau d'authentification demandé (acr_values) et exigé dans l'ID token ; vide : aucun.
OIDC_ACR_VALUES = env("OIDC_ACR_VALUES", default="eidas1")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"claims": '{"id_token":{"amr":{"essential":true}}}'}
if OIDC_ACR_VALUES:
    OIDC_AUTH_REQUEST_EXTRA_PARAMS["acr_values"] = OIDC_ACR_VALUES
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Aucun compte créé : l'agent inconnu est invité à demander le sien au référent.
OIDC_CREATE_USER = False
# L'ID token est gardé en session : la déconnexion le rend à ProConnect (id_token_hint).
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect_retour"
if OIDC_ACTIVE:
    if not (OIDC_OP_URL and OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
        raise ImproperlyConfigured("OIDC_ACTIVE demande OIDC_OP_URL, OIDC_RP_CLIENT_ID et OIDC_RP_CLIENT_SECRET.")
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "organisation.proconnect.backend.ProConnectBackend"]
    # Le formulaire « Se déconnecter » mène, par redirection, à la déconnexion de ProConnect.
    _origine_op = "{0.scheme}://{0.netloc}".format(urlsplit(OIDC_OP_LOGOUT_ENDPOINT))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = ["'self'", _origine_op]

# Tableau de bord mis en cache par année, invalidé par la version des données (qualite/versions.py) ;
# les tests le désactivent (nombres de requêtes exacts), sauf ceux qui l'essaient.
QUALITE_CACHE_TABLEAUX = env.bool("QUALITE_CACHE_TABLEAUX", default=True)
