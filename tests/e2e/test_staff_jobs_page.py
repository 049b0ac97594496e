"""End to end: an admin's first minutes in the recruiter console, in headless Chromium against
``python app.py``: create a company, a Korean job with a fixed question, an invite, and open the
invite link as the candidate would. The job reaches the REST API exactly as it was typed in; the
pages load no third-party fonts (Hangul is drawn with the font the app serves itself)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.test_staff_pages import ARGS, CHROMIUM, SHOTS, _sign_in
from tests.e2e.test_staff_pages import pytestmark as pytestmark  # skipped without chromium

GRADIO_CDN_SCRIPT = "https://cdnjs.cloudflare.com/ajax/libs/iframe-resizer/"
FONT_FACES = "document.fonts.ready.then(() => [...document.fonts].map(f => f.family + ' ' + f.status))"
FIXED = "가장 자랑스러운 프로젝트를 소개해 주세요."


def _fill(page: Any, elem_id: str, text: str) -> None:
    page.locator(f"#{elem_id} input, #{elem_id} textarea").first.fill(text)


def test_admin_creates_company_job_and_invite(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded 2-core CI machine renders slowly
    base, tmp = live_app
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1100})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        try:
            _sign_in(page, base, "admin@example.com", "admin-password-123")
            # no job yet: the console opens on the Jobs tab, with the admin-only company form
            page.get_by_text("New company (admin)").click()
            _fill(page, "company-name", "Hanbit Labs")
            page.locator("#company-create").dispatch_event("click")
            expect(page.get_by_text("Company Hanbit Labs created.")).to_be_visible()
            expect(page.locator("#job-company input")).to_have_value("Hanbit Labs")

            _fill(page, "job-title", "데이터 엔지니어")
            page.get_by_label("한국어").check()
            page.get_by_label("Questions", exact=True).fill("1")  # the fixed question only
            _fill(page, "job-fixed", FIXED)
            page.locator("#job-create").dispatch_event("click")
            expect(page.get_by_text("Job 데이터 엔지니어 created")).to_be_visible()
            expect(page.locator("#jobs-table")).to_contain_text("Hanbit Labs")
            expect(page.locator("#invite-job input")).to_have_value("데이터 엔지니어 · Hanbit Labs")

            _fill(page, "invite-name", "김민준")
            page.locator("#invite-create").dispatch_event("click")
            link = page.locator("#invite-link textarea, #invite-link input").first
            expect(page.get_by_text("Invite for 김민준 created")).to_be_visible()
            url = link.input_value()
            assert url.startswith(f"{base}/interview/?token="), url
            page.screenshot(path=str(SHOTS / "staff-jobs.png"), full_page=True)

            api = base + "/api/interview/" + url.split("token=", 1)[1]
            assert httpx.get(api).json()["language"] == "ko"

            page.goto(url)  # the candidate's view of the link: consent, in the job's language
            expect(page.locator("#consent-agree")).to_be_visible(timeout=30_000)
            expect(page.locator("body")).to_contain_text("동의")
            faces = page.evaluate(FONT_FACES)
            assert "InterviewHangul loaded" in faces, faces  # fetched from this server and accepted by the browser
            page.screenshot(path=str(SHOTS / "staff-jobs-invite-opened.png"), full_page=True)
            # Gradio's page template itself adds one async script from cdnjs (iframe-resizer, for embedding
            # in a Space); it is optional and the page works without it, as here, offline
            outside = [u for u in requested if not u.startswith((base, "data:", "blob:", GRADIO_CDN_SCRIPT))]
            assert not outside, f"the pages contacted other servers: {outside}"
            # the job as typed: its one question is the fixed one, verbatim
            assert httpx.post(api + "/consent", json={"recording": True, "analysis": True}).status_code == 200
            first = httpx.post(api + "/start", timeout=120).json()["question"]
            assert first["text"] == FIXED and first["kind"] == "planned"
        except Exception:
            page.screenshot(path=str(SHOTS / "staff-jobs-failure.png"), full_page=True)
            print("app log (tail):", (tmp / "app.log").read_text(errors="replace")[-4000:])
            raise
        finally:
            browser.close()
