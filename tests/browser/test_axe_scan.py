"""axe-core on every page each role can reach, in French and in English: zero violations.

The demo programme gives every page something to show. For each role the scan starts at the
home page and follows every link on our own host (one page per URL shape: /sessions/7 stands for
every session), then opens the pages reached only by a form (error summaries, the move
confirmation). axe-core comes from the npm registry (tests/browser/axe: `npm ci` there) and is
injected by the test; without it the test is skipped with that instruction.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pyotp
import pytest
from sqlalchemy import select

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NOT_PAGES = re.compile(r"\.csv$|\.ics$|\.json$|/feed|/static/|/logout|/download|/export")
MAX_PAGES = 60
MENTEE, MENTOR = "mentee06@demo.example.org", "mentor03@demo.example.org"
COORDINATOR = "coordinator@demo.example.org"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run 'npm ci' in tests/browser/axe")
    return AXE.read_text()


@pytest.fixture
def demo(app, db):
    from mentoring.clock import now_utc
    from mentoring.programme import demo as demo_data

    demo_data.load_demo_programme(now_utc())
    db.session.commit()
    return demo_data


def violations(page, axe_source) -> list[str]:
    page.evaluate(axe_source)  # evaluated by the driver: the page's CSP stays as it is
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags, resultTypes: ['violations']}))"
        ".violations.map(v => "
        "v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' '))"
        ".join(', '))", TAGS)
    return [f"{urlparse(page.url).path}: {v}" for v in found]


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", urlparse(path).path)


def crawl(page, base: str, axe_source: str) -> tuple[set[str], list[str]]:
    """Every page reachable by links from the home page, each URL shape once."""
    seen: set[str] = set()
    queue, problems = ["/"], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = page.goto(base + path)
        assert response.status < 500, f"{path} answered {response.status}"
        problems += violations(page, axe_source)
        for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc == urlparse(base).netloc and not NOT_PAGES.search(url.path):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen, problems


def log_in(page, base, email, totp=None):
    from mentoring.programme.demo import DEMO_PASSWORD

    page.goto(base + "/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    if totp:
        page.locator("main input[name=code]").fill(pyotp.TOTP(totp).now())
        page.locator("main form button[type=submit]").click()


def forms_with_errors(page, base, role, axe_source) -> list[str]:
    """Pages reached only by sending a form: errors with their summary, the move confirmation."""
    problems = []
    if role == "visitor":
        for path in ("/login", "/signup", "/password/forgot"):
            page.goto(base + path)
            page.locator("main form button[type=submit]").first.click()
            problems += violations(page, axe_source)
    elif role in ("mentee", "mentor"):
        page.goto(base + "/availability")
        page.locator("select[name=start]").select_option("1200")
        page.locator("select[name=end]").select_option("1080")
        page.locator("main form[action$='/availability'] button[type=submit]").click()
        assert page.locator(".error-summary").is_visible()
        problems += violations(page, axe_source)
        page.goto(base + "/meetings")
        session = _first_future_session(page, base)
        if session:
            page.goto(base + session)
            page.locator("input[name=time][value='']").check()
            page.locator("main form[action$='/move'] button[type=submit]").click()
            problems += violations(page, axe_source)
    return problems


def _first_future_session(page, base) -> str | None:
    for match in page.eval_on_selector_all("a[href*='/matches/']", "as => as.map(a => a.href)"):
        page.goto(match)
        for href in page.eval_on_selector_all("a[href*='/sessions/']",
                                              "as => as.map(a => a.getAttribute('href'))"):
            page.goto(urljoin(base, href))
            if page.locator("main form[action$='/move']").count():
                return urlparse(page.url).path
    return None


def test_every_page_of_every_role_in_both_languages_has_no_axe_violation(
        demo, live_server, browser, axe_source, db):
    from mentoring.accounts.models import User
    from mentoring.extensions import limiter

    problems, counts = [], {}
    for language, browser_locale in (("fr", "fr-FR"), ("en", "en-GB")):
        db.session.execute(User.__table__.update().values(locale=language))
        db.session.commit()
        for role, email in (("visitor", None), ("mentee", MENTEE), ("mentor", MENTOR),
                            ("coordinator", COORDINATOR)):
            context = browser.new_context(locale=browser_locale,
                                          viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(10_000)
            # Ten logins and failed forms a minute from one address trip the login rate limit
            # (on a quiet machine the scan is that fast): this test is about the pages.
            limiter.reset()
            if email:
                log_in(page, live_server, email,
                       demo.DEMO_TOTP_SECRET if role == "coordinator" else None)
                assert db.session.scalar(select(User.id).where(User.email == email))
            seen, found = crawl(page, live_server, axe_source)
            counts[f"{role}/{language}"] = len(seen)
            problems += [f"[{role}/{language}] {p}" for p in found]
            problems += [f"[{role}/{language}] {p}"
                         for p in forms_with_errors(page, live_server, role, axe_source)]
            context.close()
    assert all(n >= 3 for n in counts.values()), counts
    assert problems == [], "\n".join(problems)
