"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).

Without Chromium they are skipped with a visible message; with REQUIRE_BROWSER_TESTS=1
(as .ci/run sets) a missing Chromium is an error instead, so CI cannot skip them.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)"

# A busy CI machine renders more slowly than a laptop: wait up to 15 s for what is expected.
expect.set_options(timeout=15_000)

# Playwright's sync API runs an event loop in this thread; Django's ORM is used from it
# only by the test itself (fixtures), never concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config):
    return f"browser tests: {'Chromium at ' + str(CHROMIUM) if CHROMIUM.exists() else MISSING}"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        raise pytest.UsageError(f"REQUIRE_BROWSER_TESTS is set but {MISSING}")
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A browser set up in Indonesia, as the portal's users' are."""
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Makassar"}


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def sign_in(page, live_server):
    def go(email, password="klikbaik-demo"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()

    return go
