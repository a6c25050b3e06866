"""The head of region's brief: the predicted index, its band in both views, the trend of
the frozen seasons and the gaps worth most, rendered to PDF by WeasyPrint in a worker
with the PDF engine of the jobs app (nothing outside the portal is fetched)."""

from django.template.loader import render_to_string
from django.utils import translation

from indexes import selectors
from indexes.assessment import Workbench
from jobs import pdf as engine

TOP_GAPS = 10


def html(workbench: Workbench, language: str = "id") -> str:
    assessment = workbench.assessment
    agency = assessment.agency
    with translation.override(language):
        return render_to_string(
            "indexes/brief.html",
            {
                "workbench": workbench,
                "assessment": assessment,
                "agency": agency,
                "snapshots": selectors.snapshots_of(agency),
                "suggestions": workbench.suggestions[:TOP_GAPS],
                "stylesheet": engine.STATIC_PREFIX + "css/portfolio.css",
            },
        )


def pdf(workbench: Workbench) -> bytes:
    return engine.render(html(workbench))
