"""Settings for the test suite: the same as production-like defaults, with fast hashing, background
tasks run at once, mail kept in memory and files in a temporary folder. The suite has its own secret
key and speaks plain HTTP: no HTTPS redirect, no Secure-only cookies, no HSTS."""
import os
import tempfile
from pathlib import Path

TEST_SECRET_KEY = "sippt-test-suite-only-key-never-used-outside-the-tests-0123456789"
# settings.py refuses to load without a key when DEBUG is off (its default): lend it ours for the import
# only, so that nothing the tests start (subprocesses with production settings) inherits it.
_lent = "SECRET_KEY" not in os.environ
if _lent:
    os.environ["SECRET_KEY"] = TEST_SECRET_KEY
try:
    from sippt.settings import *  # noqa: F403
finally:
    if _lent:
        del os.environ["SECRET_KEY"]

SECRET_KEY = TEST_SECRET_KEY
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_PROXY_SSL_HEADER = None
# Static files from the source folders (no collectstatic in the tests), looked up per request.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sippt-test-files-"))
SIGNING_KEY_DIR = Path(tempfile.mkdtemp(prefix="sippt-test-keys-"))
LANGUAGE_CODE = "id"
# The replica alias as a mirror of the test database (the same data through a second connection), with
# its router and middleware, as with DATABASE_REPLICA_URL: core/tests/test_replica.py shows what reads
# where. Inside a TestCase's transaction every read goes to the primary, as it does in production.
if "replica" not in DATABASES:  # noqa: F405
    import copy

    DATABASES["replica"] = {**copy.deepcopy(DATABASES["default"]), "TEST": {"MIRROR": "default"}}  # noqa: F405
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
# Each test process keeps its own cache in memory (emptied before every test by conftest.py), not the
# shared file cache under var/ that parallel test processes with their own databases would mix up.
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
# Inside a test's transaction nothing commits, so no write would give the data a new version: the tests
# of core/page_cache.py (and the browser journeys, which commit) turn the kept pages on themselves.
PAGE_CACHE_SECONDS = 0
