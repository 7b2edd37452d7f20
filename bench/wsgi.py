"""Production's WSGI application with the bench-only URL ``/__bench__/ok/``.

Only the bench harness starts gunicorn with this module; production runs
``kohorta.wsgi``, whose URLs never include the bench view.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohorta.settings.production")
settings.ROOT_URLCONF = "bench.urls"

application = get_wsgi_application()
