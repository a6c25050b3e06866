import os

from django.core.wsgi import get_wsgi_application

from klikbaik.production import ensure_ready_to_serve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klikbaik.settings")

application = get_wsgi_application()
ensure_ready_to_serve()
