"""End to end: an ML engineer in the Prompt Lab tab (headless Chromium, a running ``python app.py``):
opens the default rubric, is told the line of a broken edit, saves a version, dry-runs it on two
scored interviews (one with a recruiter's override: a queued job the page follows to "2/2
sessions"), activates it, sees the history, and drafts a company's rubric from its talent profile.
A recruiter sees only the sentence that the tab is not for them. Screenshot: tests/.artifacts/."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.test_staff_pages import ARGS, CHROMIUM, SHOTS, _scored_pair, _sign_in

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium")


def test_ml_engineer_edits_dry_runs_and_activates_a_rubric(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    base, _ = live_app
    admin, strong, weak, report = _scored_pair(base)
    scored = next(c["name"] for c in report["competencies"] if c["score"] is not None)
    assert httpx.post(f"{base}/api/sessions/{strong}/overrides", headers=admin, json={
        "competency": scored, "score": 5, "reason": "panel agreed"}).status_code == 201
    for email, role in (("ml@lab.example", "ml"), ("rec@acme.example", "recruiter")):
        body = {"email": email, "password": "a-long-lab-password-1", "role": role}
        if role == "recruiter":
            body["company_id"] = httpx.post(base + "/api/companies", headers=admin, json={"name": "Other"}).json()["id"]
        assert httpx.post(base + "/api/users", headers=admin, json=body).status_code == 201
    assert httpx.post(base + "/api/companies", headers=admin, json={
        "name": "Hanbit", "talent_profile": "고객 중심; 끝까지 책임진다"}).status_code == 201
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        try:
            _sign_in(page, base, "rec@acme.example", "a-long-lab-password-1")
            page.get_by_role("tab", name="Prompt Lab").click()
            expect(page.locator("#lab-only")).to_contain_text("for ML staff and admins")
            expect(page.locator("#lab-editor")).to_have_count(0)
            page.close()

            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            _sign_in(page, base, "ml@lab.example", "a-long-lab-password-1")
            # the console has loaded and opened on Candidates (ml staff see every company's jobs,
            # candidates masked); a tab clicked before that would be switched back
            expect(page.locator("#cand-table")).to_contain_text("Candidate ")
            page.get_by_role("tab", name="Prompt Lab").click()
            expect(page.locator("#lab-history")).to_be_visible(timeout=60_000)
            page.locator("#lab-kind").get_by_text("Rubrics").click()
            expect(page.locator("#lab-item input")).to_have_value("default")
            # the version list loads after the item is chosen; Open before it says "pick a version first"
            expect(page.locator("#lab-version input")).not_to_have_value("")
            page.locator("#lab-open").click()
            expect(page.locator("#lab-message")).to_contain_text("Opened v1")
            editor = page.locator("#lab-editor .cm-content")
            expect(editor).to_contain_text("problem_solving")
            editor.click()
            page.keyboard.press("Control+End")
            page.keyboard.type("\nbogus: 1")
            page.locator("#lab-validate").click()
            expect(page.locator("#lab-message")).to_contain_text("line ")
            expect(page.locator("#lab-message")).to_contain_text("bogus: Extra inputs are not permitted")
            page.locator("#lab-open").click()  # back to v1's text
            expect(page.locator("#lab-message")).to_contain_text("Opened v1")
            editor.click()
            page.keyboard.press("Control+End")
            page.keyboard.type("\n# tuned in the lab")
            page.locator("#lab-note textarea, #lab-note input").first.fill("comment only")
            page.locator("#lab-validate").click()
            expect(page.locator("#lab-message")).to_contain_text("Valid")
            expect(page.locator("#lab-diff")).to_contain_text("+# tuned in the lab")
            page.locator("#lab-save").click()
            expect(page.locator("#lab-message")).to_contain_text("Saved as v2")

            page.locator("#lab-version input").click()
            page.get_by_role("option", name="v2 — comment only").click()
            sessions = page.locator("#lab-sessions")
            expect(sessions).to_contain_text("Candidate ")  # ml sees candidates masked
            assert "Alex Strong" not in sessions.inner_text()
            for box in sessions.locator("input[type=checkbox]").all():
                box.check()
            page.locator("#lab-set-name textarea, #lab-set-name input").first.fill("core")
            page.locator("#lab-set-save").click()
            expect(page.locator("#lab-message")).to_contain_text("Regression set core saved (2 interviews)")
            page.locator("#lab-run").click()
            expect(page.locator("#lab-progress")).to_contain_text("sessions re-scored")
            expect(page.locator("#lab-progress")).to_contain_text("Done: 2/2 sessions", timeout=60_000)
            expect(page.locator("#lab-agreement")).to_contain_text("mean absolute error")
            expect(page.locator("#lab-results")).to_contain_text(strong[:8])
            expect(page.locator("#lab-results")).to_contain_text(weak[:8])
            expect(page.locator("#lab-chart img").first).to_be_visible()
            page.locator("#lab-activate").click()
            expect(page.locator("#lab-message")).to_contain_text("v2 is active")
            expect(page.locator("#lab-history")).to_contain_text("rubric.activate")
            page.screenshot(path=str(SHOTS / "staff-prompt-lab.png"), full_page=True)
            # a company's rubric from its talent profile: drafted, saved, in the list
            page.locator("#lab-company input").click()
            page.get_by_role("option", name="Hanbit (2 values)").click()
            page.locator("#lab-draft").click()
            expect(page.locator("#lab-message")).to_contain_text("Drafted (template): 고객 중심, 끝까지 책임진다")
            page.locator("#lab-create").click()
            expect(page.locator("#lab-message")).to_contain_text("Created the rubric 'Hanbit (default + talent profile)'")
            expect(page.locator("#lab-history")).to_contain_text("rubric.create")
        except Exception:
            page.screenshot(path=str(SHOTS / "staff-prompt-lab-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    rubrics = httpx.get(f"{base}/api/rubrics", headers=admin).json()["rubrics"]
    assert next(r for r in rubrics if r["name"] == "default")["active_version"] == 2
