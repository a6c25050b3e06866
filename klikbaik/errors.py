"""Error reports to a Sentry-compatible service (sentry-sdk), on only when SENTRY_DSN is set.

Reports carry what an operator needs to find the failing request in the logs (the request
id, the user's and agency's ids, the task) and nothing personal: no cookies, headers, form
data, query strings or e-mail addresses (``send_default_pii`` off, request bodies never
sent, and the request part trimmed to the method and the path without its secrets).
"""

from klikbaik.logs import CONTEXT_FIELDS, current, redact


def scrub(event, hint=None):
    """``before_send``: keep the method and the path, tag the event with the log context."""
    request = event.get("request") or {}
    if request:
        event["request"] = {"method": request.get("method"), "url": redact(request.get("url", ""))}
    event.pop("user", None)
    tags = event.setdefault("tags", {})
    for name in CONTEXT_FIELDS:
        value = current(name)
        if value is not None:
            tags[name] = str(value)
    return event


def init_error_reporting(dsn: str, *, environment: str, release: str | None) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=scrub,
    )
