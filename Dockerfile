# The KLIK Baik portal: one image for web (gunicorn), worker and beat (celery).
#   docker build -t klikbaik .      (docker-compose.yml does this for you)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# Libraries WeasyPrint needs to render PDF portfolios, and a font: nothing is fetched at run
# time. No gettext: the compiled .mo catalogues are committed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 klikbaik
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install --require-hashes --no-cache-dir -r requirements.lock

# The code stays owned by root (read-only for the portal); only var/ (media, beat schedule)
# and staticfiles/ (collectstatic runs again on start) belong to the runtime user.
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media \
 && chown -R klikbaik:klikbaik /app/var /app/staticfiles

USER klikbaik
EXPOSE 8000
# Gunicorn reads WEB_CONCURRENCY itself: 2 x cores + 1 is the usual choice.
ENV WEB_CONCURRENCY=3

# No curl in slim: ask /healthz with Python. /healthz is exempt from the HTTPS redirect, but
# Django still checks the Host header, so send the first of ALLOWED_HOSTS (".example.org"
# is sent as "example.org"; "*" or nothing as "localhost").
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h not in ('', '*') else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)" || exit 1

CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "klikbaik.wsgi"]
