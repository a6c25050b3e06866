"""Template helpers of the registry: timeline sentences, the small indicator chart and an
import's problems in words."""

from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innovations import importing
from innovations.models import Innovation

register = template.Library()

WIDTH, HEIGHT, PAD = 320, 120, 12


@register.filter
def field_label(field: str) -> str:
    """The name of an innovation's field in the reader's language."""
    try:
        return str(Innovation._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


@register.simple_tag
def field_value(field: str, value) -> str:
    """A recorded value in the reader's language: choice codes become their labels."""
    try:
        choices = dict(Innovation._meta.get_field(field).flatchoices)
    except FieldDoesNotExist:
        return value
    return choices.get(value, value)


@register.simple_tag
def indicator_chart(indicator):
    """An inline SVG: measurements as a line, with the baseline and the target as dashes.
    Drawn on the server, so it needs no script and passes the CSP."""
    points = list(indicator.measurements.all())
    values = [indicator.baseline, indicator.target, *(p.value for p in points)]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)

    def y(value):
        return round(HEIGHT - PAD - float((value - low) / span) * (HEIGHT - 2 * PAD), 1)

    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    line = " ".join(f"{round(PAD + i * step, 1)},{y(p.value)}" for i, p in enumerate(points))
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" class="dot"><title>{} · {}</title></circle>',
        (
            (round(PAD + i * step, 1), y(p.value), p.measured_on, p.value)
            for i, p in enumerate(points)
        ),
    )
    label = _("%(name)s: baseline %(baseline)s, target %(target)s") % {
        "name": indicator.name,
        "baseline": indicator.baseline,
        "target": indicator.target,
    }
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<line x1="0" x2="{w}" y1="{b}" y2="{b}" class="baseline"/>'
        '<line x1="0" x2="{w}" y1="{t}" y2="{t}" class="target"/>'
        '<polyline points="{line}" class="series"/>{dots}</svg>',
        w=WIDTH,
        h=HEIGHT,
        label=label,
        b=y(indicator.baseline),
        t=y(indicator.target),
        line=line,
        dots=dots,
    )


@register.simple_tag
def problem_text(problem: dict) -> str:
    """A problem an import's check found, in words, in the reader's language."""
    return importing.problem_text(problem, get_language() or "id")
