"""Settings for the test suite: the same as production-like defaults, with fast hashing, background
tasks run at once, mail kept in memory and files in a temporary folder."""
import tempfile
from pathlib import Path

from sippt.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sippt-test-files-"))
SIGNING_KEY_DIR = Path(tempfile.mkdtemp(prefix="sippt-test-keys-"))
LANGUAGE_CODE = "id"
