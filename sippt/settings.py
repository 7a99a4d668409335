"""Settings for SIPPT Kalibrasi. Every value can be set from an environment variable."""
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sippt.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("SIPPT_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Off unless asked for: a deployment that forgets DEBUG shows no debug page (stack traces, URL list).
DEBUG = envbool("DEBUG", "False")
# SECRET_KEY (or SECRET_KEY_FILE); else the key `scripts/run` generated once into var/secret_key.
SECRET_KEY = env("SECRET_KEY", "") or (
    (VAR_DIR / "secret_key").read_text().strip() if (VAR_DIR / "secret_key").is_file() else "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-change-me"
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "core",
    "units",  # the units (satker) of the ministry in this installation (issue #18)
    "accounts",
    "workflow",
    "catalog",
    "orders",
    "quotations",
    "billing",
    "lab",
    "results",
    "metrology",
    "uncertainty",
    "api",
    "ninja",  # only for its bundled Swagger UI files (templates/static): /api/docs loads nothing from a CDN
    "certificates",
    "survey",
    "notifications",
    "complaints",
    "management",  # management reports: dashboard, registers, exports, audit log
    "axes",
    "datagen",  # manage.py generate_data: the benchmark data set
    "django_otp",
    "django_otp.plugins.otp_totp",
    "twofactor",
    "operations",
    "demo",  # manage.py seed_demo, and the road through the SOP that the tests drive
]

MIDDLEWARE = [
    "core.logging.RequestIdMiddleware",  # first: every log line of the request carries its id
    "core.middleware.RefuseNulMiddleware",  # a NUL in the path, query or a form field: 400 before any view
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from STATIC_ROOT (collectstatic), any DEBUG
    "core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.ResolvedUserMiddleware",  # request.user without the lazy wrappers of the two above
    # a member of staff of one unit reads times in that unit's zone (WIB, WITA, WIT) and its name
    "units.reader.ReaderUnitMiddleware",
    # until a head of centre (or enrolled staff) has entered the TOTP code, only the code page opens
    "twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # the views of REPLICA_READ_VIEWS read from the replica (DATABASE_REPLICA_URL); absent without one
    "core.replica.ReplicaReadMiddleware",
    "core.middleware.FriendlyErrorsMiddleware",
    # last, as django-axes requires: it turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]
# Exceptions a user can cause whose message is written for the user (besides ValidationError): pages show
# it, never a 500 (core.middleware.user_errors). Named here, so that core imports no domain app.
USER_ERRORS = ["workflow.engine.TransitionNotAllowed"]

ROOT_URLCONF = "sippt.urls"
WSGI_APPLICATION = "sippt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader, each template kept per language with its constant translations and
            # URLs resolved once (core/template_loader.py)
            "loaders": [("core.template_loader.Loader", ["django.template.loaders.filesystem.Loader",
                                                         "django.template.loaders.app_directories.Loader"])],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "units.reader.reader_unit",
                "workflow.context_processors.inbox_counts",
                "certificates.context_processors.signing",
                "survey.context_processors.ikm",
            ],
            # Formatting (core) and the SOP's states, roles and clocks (workflow), on every template.
            "builtins": ["core.templatetags.sippt", "workflow.templatetags.sop"],
        },
    }
]
# Django's form renderer with the common widgets written in Python (the same HTML, a fraction of the CPU).
FORM_RENDERER = "core.form_renderer.FormRenderer"


def _database(url: str) -> dict:
    """One DATABASES entry from a URL (DATABASE_URL, DATABASE_REPLICA_URL)."""
    database = dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", "0"))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        )
    elif database["ENGINE"] == "django.db.backends.postgresql" and env("DB_JIT", "off") == "off":
        # PostgreSQL's JIT compiles a plan for ~20-100 ms once its estimated cost is high: pages that
        # answer in milliseconds never gain from it, and the dashboard's year lost ~3-6 % to it
        # (bench/RESULTS.md). DB_JIT=on leaves the server's setting.
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "core.db.postgresql"  # Django's, reading moments with the compiled loader
    return database


DATABASES = {"default": _database(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))}
# Optional: a PostgreSQL streaming replica (hot standby) for the reads that may be a moment old, in the
# views named in REPLICA_READ_VIEWS and the register exports; everything else uses the primary
# (core/replica.py; docs/decisions.md, "Reads from a replica"). Tests run it as a mirror of the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
# GET/HEAD views that read from the replica when there is one: "namespace:name" or "namespace:*".
# Not the export list and pages: they show the export the user has just asked for.
REPLICA_READ_VIEWS = [
    *(f"{namespace}:{name}" for namespace in ("management", "reports")  # the app's name and its old one
      for name in ("dashboard", "table_download", "audit_log")),
    "api:list_orders", "api:order_reports", "api:order_billings", "api:order_quotations", "api:sop_table",
]
# Who is asking is read from the primary even there: credentials made a moment ago may not be on the replica.
REPLICA_PRIMARY_MODELS = ["api.ApiToken", "sessions.Session", "otp_totp.TOTPDevice"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded and generated files live outside the web root and are served only through views
# that check who is asking.
# More than one web node: MEDIA_ROOT (and SIGNING_KEY_DIR) on storage every node mounts (deploy/README.md).
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "files")))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024))
# A zip-based upload (.xlsx raw data, the tariff import) is refused before it is opened when its members
# unpack to more than this in total, or a member of 1 MB or more unpacks to more than RATIO times its size.
UPLOAD_ZIP_MAX_UNCOMPRESSED = envint("UPLOAD_ZIP_MAX_UNCOMPRESSED", str(50 * 1024 * 1024))
UPLOAD_ZIP_MAX_RATIO = envint("UPLOAD_ZIP_MAX_RATIO", "100")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SIPPT Kalibrasi <noreply@bspji.example.go.id>")
# Failed mails are retried after MAIL_RETRY_BASE_SECONDS × 2^(attempts−1), up to MAIL_MAX_ATTEMPTS tries.
MAIL_MAX_ATTEMPTS = envint("MAIL_MAX_ATTEMPTS", "6")
MAIL_RETRY_BASE_SECONDS = envint("MAIL_RETRY_BASE_SECONDS", "60")
INVITATION_DAYS = envint("INVITATION_DAYS", "7")  # how long a company member invitation link is valid

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The cache is shared by every web process, never memory of one process: what one process caches or
# forgets (a session logged out, a sidebar's inbox counts after a transition) holds for all of them.
# More than one web node: Redis (deploy/README.md). One node without Redis: files under var/cache.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": env("CACHE_KEY_PREFIX", "sippt")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": env("CACHE_LOCATION", str(VAR_DIR / "cache" / "default")),
                          "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", "20000")}}}
# Sessions are read from the cache and written to it and to the database (a cache restart logs nobody
# out): a logged-in page costs no session query. Not signed cookies: logging out must end the session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The main pages are kept per session in that cache while nothing in the database changes, for at most this
# many seconds (core/page_cache.py; 0: never kept). On by default with Redis only: the file cache lists its
# whole folder on every write once it is full, which a page kept per session and page would fill.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "30" if REDIS_URL else "0")
# Optional S3-compatible storage for uploaded and generated files (pip install "django-storages[s3]").
S3_BUCKET = env("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET, "endpoint_url": env("S3_ENDPOINT_URL", "") or None,
        "region_name": env("S3_REGION", "") or None, "default_acl": None, "querystring_auth": True,
        "file_overwrite": False}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object per line with the request id (core/logging.py); LOG_FORMAT=text for plain lines.
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": env("LOG_FORMAT", "json")}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # it says hello on import: noise in every command's output
        "axes": {"level": "WARNING"},
    },
}

# --- The centre (Balai) this installation serves ---
BALAI_NAME = env("BALAI_NAME", "Balai Standardisasi dan Pelayanan Jasa Industri Palembang")
BALAI_SHORT = env("BALAI_SHORT", "BSPJI Palembang")
BALAI_ADDRESS = env("BALAI_ADDRESS", "Jl. Perindustrian II No. 12, Sukarami, Palembang 30152")
BALAI_SATKER_CODE = env("BALAI_SATKER_CODE", "409476")
# Where the installation serves several units: the name pages give for a reader who is no one unit's (a
# visitor, a customer, a national role) — the ministry's agency the Balai belong to.
NATIONAL_NAME = env("NATIONAL_NAME", "Badan Standardisasi dan Kebijakan Jasa Industri")
NATIONAL_SHORT = env("NATIONAL_SHORT", "BSKJI")
# The footer's service standard (Standar Pelayanan): the Balai's published document when set, else the
# page built from the SOP table; and the national public-service complaints channel (SP4N-LAPOR!).
SERVICE_STANDARD_URL = env("SERVICE_STANDARD_URL", "")
COMPLAINT_CHANNEL_URL = env("COMPLAINT_CHANNEL_URL", "https://www.lapor.go.id")
TRACEABILITY_STATEMENT = env("TRACEABILITY_STATEMENT", "Hasil kalibrasi tertelusur ke Satuan Internasional (SI) "
                             "melalui standar nasional (KAN/SNSU BSN).")

# --- Office hours for SLA clocks (WIB) ---
OFFICE_START = env("OFFICE_START", "07:30")
OFFICE_END = env("OFFICE_END", "16:00")
OFFICE_WEEKDAYS = [int(d) for d in envlist("OFFICE_WEEKDAYS", "0,1,2,3,4")]

# --- Numbers (formats for the numbering service) ---
# The code of the unit whose counters a number continues when the caller names none (a dotted path, so
# that core imports no domain app): the installation's default unit, made from the settings above.
DEFAULT_UNIT_CODE = "units.current.default_unit_code"
# The function giving a unit's own number formats and satker code (by the unit's code), same reason.
UNIT_NUMBERING = "units.current.numbering_of"
# The letterhead (names, address) of a rendered document: its order's unit's (core.pdf.render_pdf).
DOCUMENT_LETTERHEAD = "units.letterhead.document_letterhead"
NUMBER_FORMATS = {
    "order": env("ORDER_NUMBER_FORMAT", "ORD/{year}/{month:02d}/{seq:06d}"),
    "sample": env("SAMPLE_NUMBER_FORMAT", "SMP-{year}-{seq:06d}"),
    "report": env("REPORT_NUMBER_FORMAT", "{seq:04d}/LHU/BSPJI/{month_roman}/{year}"),
    "billing": env("BILLING_NUMBER_FORMAT", "8{satker}{year2}{seq:06d}"),
    "receipt": env("RECEIPT_NUMBER_FORMAT", "TT/{year}/{seq:05d}"),
    "handover": env("HANDOVER_NUMBER_FORMAT", "BAST/{year}/{seq:05d}"),
    "quotation": env("QUOTATION_NUMBER_FORMAT", "{seq:04d}/SPH/BSPJI/{month_roman}/{year}"),
}

# --- Billing ---
BILLING_EXPIRY_DAYS = envint("BILLING_EXPIRY_DAYS", "7")
PNBP_ACCOUNT_CODE = env("PNBP_ACCOUNT_CODE", "425411")
# The billing gateway: "builtin" (codes made here, no outside service) or "simponi" (host-to-host).
BILLING_GATEWAY = env("BILLING_GATEWAY", "builtin")
SIMPONI_URL = env("SIMPONI_URL", "")  # the create-billing / inquiry endpoint given at onboarding
SIMPONI_USER_ID = env("SIMPONI_USER_ID", "")
SIMPONI_PASSWORD = env("SIMPONI_PASSWORD", "")
SIMPONI_KL_CODE = env("SIMPONI_KL_CODE", "024")  # Ministry of Industry
SIMPONI_ESELON1_CODE = env("SIMPONI_ESELON1_CODE", "")
SIMPONI_PNBP_TYPE = env("SIMPONI_PNBP_TYPE", "F")  # functional PNBP; to be confirmed at onboarding
SIMPONI_REGULATION_CODE = env("SIMPONI_REGULATION_CODE", "PP 54/2021")
SIMPONI_LOCATION_CODE = env("SIMPONI_LOCATION_CODE", "")
SIMPONI_REGENCY_CODE = env("SIMPONI_REGENCY_CODE", "")
SIMPONI_TIMEOUT = envint("SIMPONI_TIMEOUT", "20")
# Who may push payments to /billing/simponi/push/: credentials and source addresses (IPs or CIDRs).
# Empty credentials refuse every push.
SIMPONI_PUSH_USER = env("SIMPONI_PUSH_USER", "")
SIMPONI_PUSH_PASSWORD = env("SIMPONI_PUSH_PASSWORD", "")
SIMPONI_ALLOWED_IPS = envlist("SIMPONI_ALLOWED_IPS", "")
# A push from an allowed address is stored with at most this many bytes of its payload. Pushes from
# any other address are only counted (per address and minute); above SIMPONI_PUSH_REFUSED_PER_MINUTE
# in one minute the address gets 429. Wrong credentials from an allowed address alert the treasurer
# at most once per SIMPONI_CREDENTIALS_ALERT_MINUTES.
SIMPONI_PUSH_PAYLOAD_LIMIT = envint("SIMPONI_PUSH_PAYLOAD_LIMIT", "8192")
SIMPONI_PUSH_REFUSED_PER_MINUTE = envint("SIMPONI_PUSH_REFUSED_PER_MINUTE", "60")
SIMPONI_CREDENTIALS_ALERT_MINUTES = envint("SIMPONI_CREDENTIALS_ALERT_MINUTES", "60")

# --- The reverse proxy (core/net.py) ---
# Requests from these addresses (or CIDRs) are attributed to the client named in CLIENT_IP_HEADER,
# which the proxy sets (deploy/nginx/sippt.conf: X-Forwarded-For); from anyone else the header is ignored.
TRUSTED_PROXY_IPS = envlist("TRUSTED_PROXY_IPS", "127.0.0.1,::1")
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")

# --- Signing ---
SIGNING_KEY_DIR = Path(env("SIGNING_KEY_DIR", str(VAR_DIR / "keys")))
# Who signs: "local" (PKCS#12 per head of centre + pyHanko) or "bsre" (the national signing service).
SIGNER_BACKEND = env("SIGNER_BACKEND", "local")
# RFC 3161 timestamp authority for the local signer (production: BSrE's TSA). Empty: a key of the demo CA
# is timestamped by the demo TSA (certificates/pki.py), any other key gets no timestamp (PAdES B-B).
TSA_URL = env("TSA_URL", "")
TSA_TIMEOUT = envint("TSA_TIMEOUT", "10")
# Long-term signatures (PAdES B-LTA, docs/decisions.md): where the demo CA's CRL and the demo TSA are
# served (certificates/pki_views.py; the address is written into the demo certificates), whether CRLs and
# OCSP answers of other CAs (BSrE) may be fetched when signing, and the TSA for BSrE-signed reports.
DEMO_PKI_URL = env("DEMO_PKI_URL", "http://127.0.0.1:8000/pki")
SIGNING_FETCH_REVOCATION = envbool("SIGNING_FETCH_REVOCATION", "False")
BSRE_TSA_URL = env("BSRE_TSA_URL", "")
ARCHIVE_TIMESTAMP_DAYS = envint("ARCHIVE_TIMESTAMP_DAYS", "180")  # renew when the last TSA cert expires sooner
VERIFY_UPLOADS_PER_MINUTE = envint("VERIFY_UPLOADS_PER_MINUTE", "20")  # per address: verify page and API
BSRE_URL = env("BSRE_URL", "")  # base address; the client posts to {BSRE_URL}/api/v2/sign/pdf
BSRE_USER = env("BSRE_USER", "")  # the application's credentials at the gateway (HTTP Basic), if any
BSRE_PASSWORD = env("BSRE_PASSWORD", "")
BSRE_TIMEOUT = envint("BSRE_TIMEOUT", "30")
# A signing batch's passphrase waits here, encrypted, for minutes: the web and task-worker processes
# must share this cache (a file cache on one host; Redis when REDIS_URL is set).
CACHES["signing"] = ({**CACHES["default"], "KEY_PREFIX": "sippt-signing"} if REDIS_URL else
                     {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": env("SIGNING_CACHE_LOCATION", str(VAR_DIR / "cache" / "signing"))})
SIGNING_PASSPHRASE_TTL = envint("SIGNING_PASSPHRASE_TTL", "300")  # seconds
# Tasks that sign one batch side by side: one per worker process that may take them (deploy/README.md).
SIGNING_PARALLEL = envint("SIGNING_PARALLEL", "2")
# The certificate's look: template, letterhead logo and accreditation (files under static/).
REPORT_TEMPLATE = env("REPORT_TEMPLATE", "certificates/report_pdf.html")
REPORT_LOGO = env("REPORT_LOGO", "")
REPORT_ACCREDITATION_MARK = env("REPORT_ACCREDITATION_MARK", "")
REPORT_ACCREDITATION_NUMBER = env("REPORT_ACCREDITATION_NUMBER", "")  # e.g. "LK-123-IDN"; empty: not shown

# Behind HTTPS by default; `scripts/run` (plain HTTP on loopback) switches the redirect, the Secure
# cookies and HSTS off with SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE and
# SECURE_HSTS_SECONDS=0.
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "True")
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-axes first: it refuses a login while that user name is locked out at that address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.UsernameOrEmailBackend"]

# --- Login lockout (django-axes) ---
# After AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is locked for
# AXES_COOLOFF_MINUTES; other users at that address and that user elsewhere can still log in.
# An admin unlocks early by deleting the access attempt in the admin (Axes > Access attempts).
AXES_ENABLED = envbool("AXES_ENABLED", "True")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"

# --- Second factor (django-otp TOTP): required for the head of centre, optional for other staff ---
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "SIPPT Kalibrasi")

# --- Customer's instruments: reminder before the customer-chosen next calibration date ---
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", "30")

# --- Management reports: a PDF export holds at most this many rows (Excel has no limit) ---
REPORTS_PDF_MAX_ROWS = envint("REPORTS_PDF_MAX_ROWS", "5000")
