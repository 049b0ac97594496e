"""End to end: both Gradio pages work under the app's Content-Security-Policy in headless
Chromium. The browser reports every CSP violation (``securitypolicyviolation``); the only one
allowed is the script Gradio's page template adds from cdnjs (iframe-resizer, for embedding in a
Space: optional, and blocked here on purpose). The console signs in and shows its tabs and plots;
the candidate page shows its consent step and, after consent, its resume step."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.test_staff_pages import ARGS, CHROMIUM, SHOTS, _admin, _job, _sign_in
from tests.e2e.test_staff_pages import pytestmark as pytestmark  # skipped without chromium

GRADIO_CDN_SCRIPT = "https://cdnjs.cloudflare.com/ajax/libs/iframe-resizer/"
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile}));
"""


def _violations(page: Any) -> list[dict[str, Any]]:
    found = page.evaluate("() => window.__csp")
    assert isinstance(found, list), "the violation recorder was not installed"
    print("CSP violations reported:", found)  # shown with -s
    return [v for v in found if not str(v.get("blocked", "")).startswith(GRADIO_CDN_SCRIPT)]


def test_pages_work_under_the_content_security_policy(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    base, _ = live_app
    headers = _admin(base)
    job = _job(base, headers, "Acme")
    invite = httpx.post(f"{base}/api/jobs/{job}/invites", headers=headers, json={"candidate_name": "Alex"}).json()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        try:
            _sign_in(page, base, "admin@example.com", "admin-password-123")
            page.get_by_role("tab", name="Jobs").click()
            expect(page.locator("#jobs-table")).to_contain_text("Data Engineer")
            page.get_by_role("tab", name="Compare").click()
            expect(page.locator("#compare-run")).to_be_visible()
            assert _violations(page) == [], _violations(page)

            candidate = context.new_page()
            candidate.goto(invite["url"])
            expect(candidate.get_by_text("Interview for Data Engineer")).to_be_visible()
            candidate.locator("#consent-recording input").check()
            candidate.locator("#consent-analysis input").check()
            candidate.locator("#consent-agree").dispatch_event("click")
            expect(candidate.locator("#resume-skip")).to_be_visible()
            candidate.screenshot(path=str(SHOTS / "csp-candidate-resume.png"), full_page=True)
            assert _violations(candidate) == [], _violations(candidate)
            # the page was sent with the headers, and the invite cookie for its uploads
            response = httpx.get(invite["url"])
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            assert response.headers["referrer-policy"] == "no-referrer"
        except Exception:
            page.screenshot(path=str(SHOTS / "csp-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
