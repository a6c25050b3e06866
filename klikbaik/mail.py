"""One builder for the portal's e-mails: a plain-text part and an HTML part in the portal's
name and look, both from one text template.

The text is rendered with autoescaping off: it is plain text, so "Ibu & Anak" stays as it
was typed (an HTML entity in a text part is a bug, not a safeguard). The HTML part is that
same text escaped exactly once, its paragraphs and line breaks kept and its addresses made
links, inside the portal's frame (``templates/email/frame.html``: inline styles only and
nothing loaded from outside, which mail programs block anyway).

The builder only builds: it returns an ``EmailMultiAlternatives`` and the caller sends or
queues it as it always has.
"""

from functools import cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.template.engine import Engine
from django.template.loader import render_to_string
from django.utils import translation

PORTAL_NAME = "KLIK Baik"


@cache
def _plain_engine() -> Engine:
    """The project's template engine (same folders, libraries and built-ins; templates
    cached unless DEBUG) with autoescaping off, for text/plain."""
    engine = engines["django"].engine
    return Engine(
        dirs=engine.dirs,
        app_dirs=True,
        debug=engine.debug,
        libraries=engine.libraries,
        builtins=[b for b in engine.builtins if b not in Engine.default_builtins],
        autoescape=False,
    )


def render_plain(template_name: str, context: dict) -> str:
    return _plain_engine().get_template(template_name).render(Context(context, autoescape=False))


def build_email(
    subject_template: str,
    text_template: str,
    context: dict,
    *,
    to,
    language: str | None = None,
    attachments=(),
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """A multi-part e-mail to ``to`` from ``DEFAULT_FROM_EMAIL``: the subject (one line)
    and the text rendered from the two templates in ``language`` (the active language
    when ``None``), an HTML alternative of the same text, and ``attachments`` as
    ``(filename, content, mimetype)``. Templates get ``portal_name`` and ``portal_url``."""
    context = {"portal_name": PORTAL_NAME, "portal_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_plain(subject_template, context).split())
        text = render_plain(text_template, context).strip() + "\n"
        html = render_to_string(
            "email/frame.html",
            {**context, "subject": subject, "text": text, "language": translation.get_language()},
        )
    message = EmailMultiAlternatives(subject, text, to=list(to), headers=headers)
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def send_to_people(subject_template: str, text_template: str, context: dict, *, people, **kw):
    """Send the e-mail to ``people`` (anything with ``email`` and ``language``, such as
    users), each in the language they chose: one message per language, Indonesian
    (``LANGUAGE_CODE``) for whoever chose none; an address is written to once. Other
    keywords are ``build_email``'s. Returns how many messages were sent."""
    by_language: dict[str, set[str]] = {}
    written = set()
    for person in people:
        if not person.email or person.email in written:
            continue
        written.add(person.email)
        language = getattr(person, "language", "") or settings.LANGUAGE_CODE
        by_language.setdefault(language, set()).add(person.email)
    for language, addresses in sorted(by_language.items()):
        build_email(
            subject_template, text_template, context, to=sorted(addresses), language=language, **kw
        ).send()
    return len(by_language)
