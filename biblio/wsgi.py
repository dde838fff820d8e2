"""WSGI entry point (gunicorn biblio.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biblio.settings")
application = get_wsgi_application()
