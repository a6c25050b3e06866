"""Gunicorn's settings for the portal (compose and bare metal: ``gunicorn -c
deploy/gunicorn.conf.py klikbaik.wsgi``). Gunicorn sits behind nginx (deploy/nginx/), which
buffers slow clients, so plain sync workers are right here.

Gunicorn's own lines are JSON like the portal's (klikbaik/logs.py); there is no access log
here: nginx writes one (with the request id) and the portal one line per request.
"""

import os

from klikbaik.logs import formatter_config

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY (read by gunicorn itself) sets the workers: 2 x cores + 1.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - a RAM disk
accesslog = None
_format = os.environ.get("LOG_FORMAT", "text" if os.environ.get("DEBUG") == "true" else "json")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"portal": formatter_config(_format)},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
