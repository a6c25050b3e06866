"""Rules of the codebase that a reviewer should not have to check by eye."""

import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIRS = [
    "klikbaik",
    "jobs",
    "clinics",
    "innovations",
    "pelembagaan",
    "consultations",
    "competitions",
    "indexes",
]

# Widening or dropping the tenant scope is allowed only in these named channels
# (STYLE.md §7 "Tenant scoping"); tests and migrations may do it too.
SCOPES_DISABLED_ALLOWED = {
    "clinics/selectors.py",  # a person's own memberships; an invitation link's target
    "clinics/tenancy.py",  # the operators' admin site
    "clinics/demo.py",  # loading the demo data
    "clinics/management/commands/generate_scale.py",  # generating the scale data set
    "innovations/selectors.py",  # the catalogue, replication sources, lineage
    "innovations/demo.py",  # loading the demo data
    "innovations/tasks.py",  # the beat job listing every agency to remind
    "consultations/selectors.py",  # a person's own sessions in every agency
    "consultations/views.py",  # the calendar feed: its secret token is the key
    "consultations/tasks.py",  # the beat job reminding tomorrow's sessions everywhere
    "consultations/demo.py",  # loading the demo data
    "competitions/selectors.py",  # the region's competitions; the coordinator's dossiers
    "competitions/tasks.py",  # the regional ZIP reads the region; the daily reminder beat
    "competitions/demo.py",  # loading the demo data
    "competitions/management/commands/bench_portfolios.py",  # synthetic data, rolled back
    "indexes/selectors.py",  # the region's assessment and editions; its innovations' facts
    "indexes/editions.py",  # loading the editions shipped with the portal (no agency)
    "indexes/demo.py",  # loading the demo data
    "pelembagaan/selectors.py",  # the region's regulations and budget; what the index reads
    "pelembagaan/demo.py",  # loading the demo data
    "jobs/sweeper.py",  # the sweeper and the purge look at every agency's jobs and outbox
    "jobs/selectors.py",  # /healthz and the operators' jobs page: every agency's queues
}


def _sources(pattern="*.py"):
    for directory in PROJECT_DIRS:
        for path in (ROOT / directory).rglob(pattern):
            if "migrations" not in path.parts:
                yield path


def test_scopes_are_disabled_only_in_the_named_channels():
    users = {str(p.relative_to(ROOT)) for p in _sources() if "scopes_disabled" in p.read_text()}
    assert users <= SCOPES_DISABLED_ALLOWED, users - SCOPES_DISABLED_ALLOWED


def test_every_model_with_an_agency_is_scoped():
    from django_scopes import ScopeError

    tenant_models = [
        m for m in apps.get_models() if any(f.name == "agency" for f in m._meta.get_fields())
    ]
    assert tenant_models
    for model in tenant_models:
        try:
            model.objects.all().query  # noqa: B018 - building the query is enough
        except ScopeError:
            continue
        raise AssertionError(f"{model.__name__} has an agency but no ScopedManager")


DOMAIN_APPS = (
    "clinics",
    "innovations",
    "pelembagaan",
    "consultations",
    "competitions",
    "indexes",
)


def test_the_jobs_app_imports_no_domain_app():
    """jobs sits below the domain apps: they import it, never the other way round."""
    pattern = re.compile(rf"^\s*(from|import)\s+({'|'.join(DOMAIN_APPS)})\b", re.M)
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "jobs").rglob("*.py")
        if pattern.search(p.read_text())
    ]
    assert offenders == []


EXTERNAL = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//|url\(\s*["']?(https?:)?//""")


def test_nothing_is_loaded_from_outside_the_portal():
    files = [
        *ROOT.joinpath("templates").rglob("*.html"),
        *_sources("*.html"),
        *ROOT.joinpath("static").rglob("*.css"),
    ]
    offenders = [str(p.relative_to(ROOT)) for p in files if EXTERNAL.search(p.read_text())]
    assert offenders == []
