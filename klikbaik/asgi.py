import os

from django.core.asgi import get_asgi_application

from klikbaik.production import ensure_ready_to_serve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klikbaik.settings")

application = get_asgi_application()
ensure_ready_to_serve()
