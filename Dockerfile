# The KLIK Baik portal: one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Libraries WeasyPrint needs to render PDF portfolios (fonts included: nothing is fetched).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 klikbaik
WORKDIR /app

COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY --chown=klikbaik:klikbaik . .
# Static files are collected at build time; a throw-away key is enough for that step.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media && chown -R klikbaik:klikbaik /app/var /app/staticfiles

USER klikbaik
EXPOSE 8000
ENV WEB_CONCURRENCY=3

# /healthz is exempt from the HTTPS redirect; the Host header must be an allowed host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os, sys, urllib.request as u; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip(); r = u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4); sys.exit(0 if r.status == 200 else 1)"

CMD ["sh", "-c", "gunicorn klikbaik.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY} --access-logfile - --forwarded-allow-ips='*'"]
