"""A new coordinator sets up two-factor authentication in Chromium, under the strict CSP."""

from __future__ import annotations

import time

import pyotp
import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_new_coordinator_is_sent_to_enrolment_then_logs_in_with_a_code(
        live_server, browser, make_coordinator):
    make_coordinator(email="new@example.org", locale="en", two_factor=False)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)

    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill("new@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Two-factor authentication").is_visible()
    page.goto(live_server + "/programme/mentors")  # anything else leads back to enrolment
    assert page.url.endswith("/account/two-factor")
    page.get_by_role("button", name="Show my key to scan").click()
    assert page.locator(".qr svg").is_visible()
    key = page.locator(".totp-key").inner_text().replace(" ", "")
    page.get_by_label("6-digit code shown by your app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="I have kept my codes").click()
    assert page.get_by_text("10 recovery codes left").is_visible()
    page.get_by_role("button", name="Log out", exact=True).click()

    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill("new@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The next step's code: the enrolment code may still be current, and it works only once.
    page.get_by_label("6-digit code from your app").fill(pyotp.TOTP(key).at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("link", name="Matching round").first.is_visible()
    assert refused == []
    context.close()
