"""The year-over-year trend of the region's index: for each season, the prediction frozen
in the portal (``Snapshot``) beside the official result Kemendagri announced
(``OfficialResult``), and a small chart of both drawn on the server (no script, so it
passes the CSP)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 320, 140, 14


@dataclass
class Season:
    year: int
    snapshot: object = None  # the frozen prediction
    official: object = None  # the announced result

    @property
    def gap(self) -> Decimal | None:
        """Official minus strict prediction: how far the verifiers' count was from the
        evidence-backed one."""
        if self.snapshot is None or self.official is None:
            return None
        return self.official.iid - self.snapshot.iid_strict


def seasons(assessments, snapshots, officials) -> list[Season]:
    """One row per season with a frozen prediction or an official result, oldest first."""
    by_year = {a.year: Season(a.year) for a in assessments}
    for snapshot in snapshots:
        by_year[snapshot.assessment.year].snapshot = snapshot
    for official in officials:
        by_year[official.assessment.year].official = official
    return [s for _y, s in sorted(by_year.items()) if s.snapshot or s.official]


def _points(rows, value):
    """(x, y, year, value) of the seasons that have ``value``; IID 0–100 upwards."""
    step = (WIDTH - 2 * PAD) / max(len(rows) - 1, 1)
    found = []
    for index, row in enumerate(rows):
        iid = value(row)
        if iid is not None:
            y = round(HEIGHT - PAD - float(iid) / 100 * (HEIGHT - 2 * PAD), 1)
            found.append((round(PAD + index * step, 1), y, row.year, iid))
    return found


def chart(rows: list[Season]):
    """The strict prediction and the official IID by season, as an inline SVG."""
    if not rows:
        return ""
    predicted = _points(rows, lambda r: r.snapshot.iid_strict if r.snapshot else None)
    official = _points(rows, lambda r: r.official.iid if r.official else None)

    def series(points, css):
        line = " ".join(f"{x},{y}" for x, y, _year, _iid in points)
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="3.5" class="dot {}"><title>{} · {}</title></circle>',
            ((x, y, css, year, iid) for x, y, year, iid in points),
        )
        return format_html('<polyline points="{}" class="{}"/>{}', line, css, dots)

    label = _("The predicted (strict) and the official index by season: %(seasons)s") % {
        "seasons": "; ".join(
            f"{r.year}: {r.snapshot.iid_strict if r.snapshot else '–'} / "
            f"{r.official.iid if r.official else '–'}"
            for r in rows
        )
    }
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        "{predicted}{official}</svg>",
        w=WIDTH,
        h=HEIGHT,
        label=label,
        predicted=series(predicted, "series"),
        official=series(official, "official"),
    )
