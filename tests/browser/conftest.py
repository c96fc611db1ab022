"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked ``browser``. Without Chromium they are skipped, unless
``REQUIRE_BROWSER=1`` is set, which turns a missing Chromium into a failure. Every page a
test visits must pass axe-core: call ``check_a11y(page)`` after each navigation; a page
that loaded without being checked fails the test at teardown.
"""

import hashlib
import json
import os
import re
import shutil
import weakref
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from partners.models import Person
from tests.factories import PASSWORD

HERE = Path(__file__).resolve().parent
AXE = HERE.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
DASHBOARD = re.compile(r"^https?://[^/]+/$")

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# tests and factories are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def browser_required() -> bool:
    return os.getenv("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests ``browser``; skip them when there is no Chromium to drive."""
    missing = find_chromium() is None and not browser_required()
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed (set REQUIRE_BROWSER=1 to fail)"))


# Set when a test's own body failed, so the teardown check below does not pile on.
_call_failed = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_call_failed] = True
    return report


@pytest.fixture(scope="session")
def chromium_browser() -> Browser:
    executable = find_chromium()
    if executable is None:
        # Only reached with REQUIRE_BROWSER=1: otherwise the tests were skipped.
        pytest.fail("REQUIRE_BROWSER=1 but Chromium is missing: install Debian's chromium package.", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# How many documents each page has loaded, and how many of them axe has checked.
_loads: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@pytest.fixture
def page(request, chromium_browser, live_server):
    """A fresh browser tab on the live server, in its own context (own cookies)."""
    context = chromium_browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core goes into every document as it loads: much quicker than a script tag per check.
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    state = {"loaded": [], "checked": 0}
    _loads[tab] = state
    tab.on("load", lambda: state["loaded"].append(tab.url))
    yield tab
    context.close()
    unchecked = state["loaded"][state["checked"] :]
    if not request.node.stash.get(_call_failed, False):
        assert not unchecked, f"Pages visited without an accessibility check: {unchecked}"


# Documents axe has passed in this run, by fingerprint: the same markup at the same window
# size, with the same stylesheet, gets the same verdict, so it is not checked again (the
# sign-in page each test passes through, an error page met in many tests). Each request's
# CSRF token and script nonce are left out of the markup compared.
_PASSED: set[str] = set()
FINGERPRINT = """() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(e => e.removeAttribute('value'));
    copy.querySelectorAll('[nonce]').forEach(e => e.removeAttribute('nonce'));
    return window.innerWidth + 'x' + window.innerHeight + ' ' + copy.outerHTML;
}"""


def check_a11y(page: Page) -> None:
    """Run axe-core on the page as it is now and fail on any violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))  # a page opened some other way than the fixture
    fingerprint = hashlib.sha256(page.evaluate(FINGERPRINT).encode()).hexdigest()
    if fingerprint in _PASSED:
        results = []
    else:
        results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    if page in _loads:
        _loads[page]["checked"] = len(_loads[page]["loaded"])
    if not results:
        _PASSED.add(fingerprint)
    lines = []
    for violation in results:
        targets = [json.dumps(node["target"]) for node in violation["nodes"]]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}\n    " + "\n    ".join(targets))
    if results:
        raise AssertionError(f"axe found {len(results)} violation(s) on {page.url}:\n" + "\n".join(lines))


def same_as_checked(page: Page) -> None:
    """Count the page now shown as checked: it is one axe has passed already in this tab (the
    same error page again), so checking it again would find nothing new."""
    if page in _loads:
        _loads[page]["checked"] = len(_loads[page]["loaded"])


def visit(page: Page, path: str) -> Page:
    """Go to a path on the live server and check the page's accessibility."""
    page.goto(path)
    check_a11y(page)
    return page


def sign_in(page: Page, person: Person, password: str = PASSWORD) -> Page:
    """Sign in through the real sign-in form and land on the dashboard."""
    visit(page, "/sign-in/")
    page.locator("#id_username").fill(person.user.username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(DASHBOARD)
    check_a11y(page)
    return page


# The width a page must fit without scrolling sideways: WCAG 1.4.10's reflow width (320 CSS
# px, a 1280 px screen zoomed to 400%). A common phone's 390 px is in the same layout band
# (GOV.UK Frontend's styles change at 641 px), so what fits 320 px fits it; the tests that
# look at a phone's width ask for 390 px themselves.
PHONE_WIDTHS = (320,)


def no_sideways_scroll(page: Page, width: int | None = None) -> None:
    """At each phone width (or only at ``width``) the page scrolls only up and down.

    A wide table may scroll inside its own box; the page itself may not. The window is
    narrowed for the check and put back after, so what follows sees it as before: one
    signed-in tab serves every width, with no new page to open.
    """
    size = page.viewport_size
    problems = []
    try:
        for narrow in (width,) if width else PHONE_WIDTHS:
            page.set_viewport_size({"width": narrow, "height": size["height"]})
            overflow = page.evaluate(
                """() => {
                    const root = document.documentElement;
                    const wide = [...document.querySelectorAll('body *')]
                        .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
                        .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                            + (el.className && typeof el.className === 'string'
                                ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
                    return {by: root.scrollWidth - root.clientWidth, wide: wide.slice(0, 8)};
                }"""
            )
            if overflow["by"] > 0:
                problems.append(f"{page.url} scrolls sideways by {overflow['by']}px at {narrow} px: {overflow['wide']}")
    finally:
        page.set_viewport_size(size)
    assert not problems, "\n".join(problems)


def plain(text: str) -> str:
    """An e-mail's text without the marks that isolate user text (U+2068 … U+2069)."""
    return text.replace("\u2068", "").replace("\u2069", "")
