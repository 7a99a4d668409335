import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sippt.settings")
application = get_wsgi_application()

# Load the URL configuration (and with it every view module) when the worker starts, not in the first
# request it serves (~2 s on this machine).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns
