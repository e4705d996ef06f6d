"""Settings shared by every environment; everything deployment-specific comes from the environment."""

import importlib.util
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.queues import task_routes

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"  # templates, static, locale (no Python: `site` would shadow the stdlib)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-0123456789abcdef")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "core",
    "partners",
    "places",
    "suggestions",
    "search",
    "announcements",
    "briefings",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served from our static files, not a CDN
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partners.otp.SecondFactorMiddleware",  # enrolled police verify TOTP after login
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # axes must be last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site",
            ],
        },
    },
]

# Embedded default for `make run`: SQLite; tests and production set DATABASE_URL (PostgreSQL).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # web, worker and beat write one file at once. WAL: readers never wait for the writer (and it
    # never waits for them). IMMEDIATE: a transaction takes the write lock at BEGIN, so a second
    # writer waits in the busy handler instead of failing at once when a read turns into a write
    # (SQLite cannot wait there). timeout: how long a writer waits for the lock, in seconds.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The police (officers, heads, HQ, admins) must enrol and verify TOTP; API tokens of police users
# are issued only with a TOTP code (POST /api/v1/auth/token) and expire after API_TOKEN_POLICE_HOURS.
POLICE_TOTP_REQUIRED = env.bool("POLICE_TOTP_REQUIRED", default=True)
API_TOKEN_POLICE_HOURS = env.int("API_TOKEN_POLICE_HOURS", default=12)
POLICE_INVITATION_DAYS = env.int("POLICE_INVITATION_DAYS", default=3)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 3600)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login lockout (django-axes): 5 failures per username+IP lock for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "core.axes.username"  # NFKC can lengthen a username past 255

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Leaflet from django-leaflet's wheel (leaflet/leaflet.js, .css; no CDN). Only its static folder: the
# app itself (its admin widgets) needs GeoDjango/GDAL, which Cheong does not use.
_LEAFLET_STATIC = Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static"  # type: ignore[union-attr,index]
STATICFILES_DIRS = [SITE_DIR / "static", _LEAFLET_STATIC]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# --- Services -------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:63799/0")
# One node, or a cluster's nodes comma separated (the client fails over between them).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="http://127.0.0.1:9201")
ES_INDEX_PREFIX = env("ES_INDEX_PREFIX", default="cheong")
ES_TIMEOUT = env.float("ES_TIMEOUT", default=5.0)
# Applied when an index is created; replicas also by `search_setup` on the live index (a dynamic
# setting). One node cannot hold a replica (it would stay yellow): production sets them, see docs/deployment.md.
ES_SHARDS = env.int("ES_SHARDS", default=1)
ES_REPLICAS = env.int("ES_REPLICAS", default=0)
# The periodic reconcile (search.reconcile): changed rows per run, and how long its Redis lock
# lasts when a worker dies holding it (the nightly full check may take longer).
SEARCH_RECONCILE_BATCH = env.int("SEARCH_RECONCILE_BATCH", default=5000)
SEARCH_RECONCILE_LOCK_SECONDS = env.int("SEARCH_RECONCILE_LOCK_SECONDS", default=900)
SEARCH_RECONCILE_FULL_LOCK_SECONDS = env.int("SEARCH_RECONCILE_FULL_LOCK_SECONDS", default=7200)

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="cheong")
# indexing / notifications / digests each get `<default>.<kind>` (config/queues.py); the test and
# bench settings recompute the routes after changing the default queue.
CELERY_TASK_ROUTES = task_routes(CELERY_TASK_DEFAULT_QUEUE)
# Late acks + reject on worker loss: a task whose worker dies is redelivered, not dropped.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "core.relay_outbox", "schedule": 60.0},
    # E-mail/SMS whose last try failed, once their backoff is over.
    "retry-notifications": {"task": "suggestions.retry_notifications", "schedule": 60.0},
    # Daily, Asia/Seoul: D-3 / due-day reminders to departments, overdue list to HQ.
    "suggestion-deadline-reminders": {
        "task": "suggestions.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "suggestion-overdue-digest": {"task": "suggestions.send_overdue_digest", "schedule": crontab(hour=8, minute=40)},
    "referral-reminders": {"task": "suggestions.send_referral_reminders", "schedule": crontab(hour=9, minute=10)},
    # Deadline escalation (docs/rules.md): heads get every overdue item daily, HQ per department weekly;
    # a suggestion open 30 days after receipt: one progress notice to its proposer.
    "suggestion-head-overdue": {
        "task": "suggestions.send_head_overdue_digests",
        "schedule": crontab(hour=8, minute=45),
    },
    "suggestion-hq-weekly-departments": {
        "task": "suggestions.send_hq_weekly_department_digest",
        "schedule": crontab(hour=8, minute=50, day_of_week=1),
    },
    "suggestion-interim-notices": {"task": "suggestions.send_interim_notices", "schedule": crontab(hour=9, minute=0)},
    "callback-overdue-cases": {"task": "suggestions.open_overdue_callbacks", "schedule": crontab(hour=8, minute=55)},
    # Search: re-index whatever is missing or stale (ES outages lose nothing); weekly saved-search digest.
    "search-reconcile": {"task": "search.reconcile", "schedule": 600.0},  # rows changed since the last run
    "search-reconcile-full": {"task": "search.reconcile_full", "schedule": crontab(hour=3, minute=30)},
    "search-weekly-digest": {"task": "search.weekly_digest", "schedule": crontab(hour=8, minute=0, day_of_week=1)},
    # The public department statistics: what a throttled refresh left, every minute; rebuilt hourly
    # (00:01 too: the overdue count moves with the date).
    "refresh-public-stats-pending": {"task": "suggestions.refresh_public_stats", "schedule": 60.0},
    "refresh-public-stats": {
        "task": "suggestions.refresh_public_stats",
        "schedule": crontab(minute=1),
        "kwargs": {"force": True},
    },
    # Retention (suggestions.retention, core.retention) and 위촉 기간 (partners.appointments), nightly.
    "prune-outbox": {"task": "core.prune_outbox", "schedule": crontab(hour=4, minute=0)},
    "prune-retention": {"task": "suggestions.prune_retention", "schedule": crontab(hour=4, minute=10)},
    "end-expired-appointments": {"task": "partners.end_expired_appointments", "schedule": crontab(hour=0, minute=5)},
}
# Retention (개인정보보호법): personal data of closed suggestions (manage.py purge_personal_data), and
# how long the outbox (published), notifications (not pending) and old timelines are kept.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=3)
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=365)
TIMELINE_RETENTION_DAYS = env.int("TIMELINE_RETENTION_DAYS", default=5 * 365)
# Publishing must not hang a web request when the broker is down: the outbox keeps the task.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Role-level page fragments (core.page_cache): home, announcements, public statistics. Off: every
# page rendered per request. Invalidated on publish/answer; the timeout bounds what nothing bumps
# (a renamed department) and a per-process cache (locmem) that another process cannot bump.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=300)
# The public statistics' recompute (suggestions.public_stats) waits this many times its own last
# duration after the previous one: at most ~1/(1+gap) of one worker slot under a stream of writes.
PUBLIC_STATS_REFRESH_GAP = env.float("PUBLIC_STATS_REFRESH_GAP", default=10.0)

# --- E-mail and SMS -------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="청 Cheong <no-reply@cheong.police.example>")
SMS_BACKEND = env("SMS_BACKEND", default="suggestions.sms.ConsoleSMSBackend")
# suggestions.sms.http.HttpSMSBackend: the gateway's URL, key and registered 발신번호; receipts signed with the secret.
SMS_API_URL = env("SMS_API_URL", default="")
SMS_API_KEY = env("SMS_API_KEY", default="")
SMS_SENDER = env("SMS_SENDER", default="")
SMS_RECEIPT_SECRET = env("SMS_RECEIPT_SECRET", default="")
# E-mail/SMS delivery: each send gives up after NOTIFY_SEND_TIMEOUT s; a failed one is retried after
# base, 2×base, 4×base … (capped) seconds and marked failed after NOTIFY_MAX_ATTEMPTS tries.
NOTIFY_SEND_TIMEOUT = env.int("NOTIFY_SEND_TIMEOUT", default=20)
SMS_TIMEOUT = NOTIFY_SEND_TIMEOUT
EMAIL_TIMEOUT = NOTIFY_SEND_TIMEOUT
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=10)
# POST-CSO (suggestions.referrals): the crime-prevention team that does site checks, the agency's
# reply deadline and reminder, and how long an e-mailed agency link stays good.
CPTED_DEPARTMENT_SLUG = env("CPTED_DEPARTMENT_SLUG", default="community-safety")
REFERRAL_REPLY_BUSINESS_DAYS = env.int("REFERRAL_REPLY_BUSINESS_DAYS", default=10)
REFERRAL_REMIND_BUSINESS_DAYS_BEFORE = env.int("REFERRAL_REMIND_BUSINESS_DAYS_BEFORE", default=2)
REFERRAL_LINK_MAX_AGE_DAYS = env.int("REFERRAL_LINK_MAX_AGE_DAYS", default=30)
SITE_CHECK_MAX_PHOTOS = env.int("SITE_CHECK_MAX_PHOTOS", default=10)
# 청렴 콜 (suggestions.callbacks): an answer late by more than this many business days opens a case;
# 재검토 지시 gives the department this many business days; an 이의신청's case is due in 14.
CALLBACK_OVERDUE_BUSINESS_DAYS = env.int("CALLBACK_OVERDUE_BUSINESS_DAYS", default=5)
CALLBACK_RE_REVIEW_BUSINESS_DAYS = env.int("CALLBACK_RE_REVIEW_BUSINESS_DAYS", default=14)
CALLBACK_OBJECTION_BUSINESS_DAYS = env.int("CALLBACK_OBJECTION_BUSINESS_DAYS", default=14)
NOTIFY_RETRY_BASE_SECONDS = env.int("NOTIFY_RETRY_BASE_SECONDS", default=60)
NOTIFY_RETRY_MAX_SECONDS = env.int("NOTIFY_RETRY_MAX_SECONDS", default=3600)

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "청(聽) Cheong"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no outside requests from the admin (strict network, privacy)
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Wagtail's page search stays on the database backend: its Elasticsearch backend needs the
# analysis-common module that a core-only node lacks. Our own documents live in `search/`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]
WAGTAIL_PASSWORD_RESET_ENABLED = True

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.api_tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_USER_RATE", default="600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cheong (聽) API",
    "DESCRIPTION": "치안파트너스 정책 제안·현장 의견, 공식 답변, 본청 주제 검색 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["config.schema.only_api_v1"],
    # Two "kind" enums (a suggestion's, a theme's): named, not "Kind547Enum".
    "ENUM_NAME_OVERRIDES": {
        "SuggestionKindEnum": "suggestions.models.Suggestion.Kind",
        "ThemeKindEnum": "search.api.THEME_KINDS",
        "BriefingStateEnum": "briefings.models.Briefing.State",
        "AnswerStateEnum": "suggestions.models.Answer.State",
    },
    # Swagger UI from the project's static files (the CSP allows no CDN) ...
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Strict CSP: no inline script anywhere in our templates. Wagtail's admin needs inline styles.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    ),
)

# Street tiles under the map's boundaries, e.g. "https://tiles.example/{z}/{x}/{y}.png" (Seoul tiles an
# operator provides). Default none: the maps draw only the shipped GeoJSON and need no network; when
# set, core.csp adds the URL's origin to img-src.
MAP_TILES_URL = env("MAP_TILES_URL", default="")
MAP_TILES_ATTRIBUTION = env("MAP_TILES_ATTRIBUTION", default="")

# Demo accounts' password (seed_demo); printed by `make run`.
# Open reports (신고) that hide a proposal or comment pending a moderator's review.
MODERATION_HIDE_AFTER = env.int("MODERATION_HIDE_AFTER", default=3)
DEMO_PASSWORD = env("DEMO_PASSWORD", default="cheong-demo-2026")
# The demo police accounts' TOTP secret (hex; seed_demo only, see demo/totp.py).
DEMO_TOTP_KEY = env("DEMO_TOTP_KEY", default="3132333435363738393031323334353637383930")
SHARED_DATA_DIR = Path(env("CHEONG_SHARED_DATA", default=str(BASE_DIR.parent / "shared" / "data")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = BASE_DIR / ".run" / "broker"
    for _sub in ("queue", "processed"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
