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


# A common phone: the portal's people mostly open it on one (issue #19).
PHONE = {"width": 375, "height": 812}


def sign_in_as(page, base_url, email, password="klikbaik-demo"):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def sign_in(page, live_server):
    def go(email, password="klikbaik-demo"):
        sign_in_as(page, live_server.url, email, password)

    return go


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone-sized browser (375 x 812) set up in Indonesia, and a way to sign
    in on it: ``page, sign_in = phone``."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Makassar")
    page = context.new_page()
    yield page, lambda email: sign_in_as(page, live_server.url, email)
    context.close()
