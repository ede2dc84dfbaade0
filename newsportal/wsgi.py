"""WSGI entry point: gunicorn serves ``newsportal.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

application = get_wsgi_application()

# Every page needs the collected static files: no application without them.
from newsportal.static_files import refuse_without_manifest  # noqa: E402

refuse_without_manifest()
