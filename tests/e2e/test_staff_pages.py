"""End to end: the recruiter console in headless Chromium against a running ``python app.py``.

Two candidates answer a job's fixed questions over REST and are scored by the CPU scorer;
a recruiter then signs in, sees them live in the Candidates tab, opens a report (radar,
evidence marks, override), and compares both. A recruiter of another company who opens the
report's link sees the refusal sentence instead. Screenshots go to tests/.artifacts/."""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from db.engine import Database
from db.repositories import behavior
from pipelines.face_signals import SecondSample

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "tests" / ".artifacts"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
Q1 = "Tell me about a project you are proud of."
Q2 = "Describe a disagreement with a teammate and how you resolved it."
STRONG = [
    "I led the migration of our nightly sales pipeline from cron scripts to Airflow. I wrote the DAGs in "
    "Python, added data quality checks, and cut failed runs from 12 a month to 1.",
    "A teammate wanted to skip tests to ship faster. I proposed a one-week trial with the checks in CI, we "
    "measured the review time together, and it only grew by ten minutes, so we kept the tests.",
]
WEAK = ["I don't know, I did some projects.", "We never disagreed."]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium")


def _admin(base: str) -> dict[str, str]:
    login = httpx.post(base + "/api/auth/login", json={"email": "admin@example.com",
                                                       "password": "admin-password-123"})
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _job(base: str, headers: dict[str, str], company: str) -> str:
    cid = httpx.post(base + "/api/companies", headers=headers, json={"name": company}).json()["id"]
    return str(httpx.post(base + "/api/jobs", headers=headers, json={
        "company_id": cid, "title": "Data Engineer", "language": "en", "question_count": 2,
        "questions": [Q1, Q2], "max_follow_ups": 0}).json()["id"])


def _interview(base: str, headers: dict[str, str], job: str, name: str, answers: list[str]) -> str:
    invite = httpx.post(f"{base}/api/jobs/{job}/invites", headers=headers, json={"candidate_name": name}).json()
    api = f"{base}/api/interview/{invite['token']}"
    consent = {"recording": True, "analysis": True, "face_analysis": True}  # the behaviour timeline is shown
    assert httpx.post(api + "/consent", json=consent).status_code == 200
    assert httpx.post(api + "/start", timeout=120).status_code == 200
    for text in answers:
        response = httpx.post(api + "/answer", json={"text": text}, timeout=120)
        assert response.status_code == 200, response.text
    assert httpx.post(api + "/finish").status_code == 202
    return str(invite["session_id"])


def _wait_scored(base: str, headers: dict[str, str], session_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        report = httpx.get(f"{base}/api/sessions/{session_id}/report", headers=headers).json()
        if report["status"] in ("scored", "failed"):
            assert report["status"] == "scored", report
            return dict(report)
        time.sleep(1)
    raise AssertionError("scoring did not finish")


def _sign_in(page: Any, base: str, email: str, password: str, path: str = "/") -> None:
    page.goto(base + path)
    page.locator("#login-email input, #login-email textarea").first.fill(email)
    page.locator("#login-password input").fill(password)
    page.locator("#login-button").dispatch_event("click")
    page.get_by_text("Signed in as").wait_for(timeout=30_000)


def _scored_pair(base: str) -> tuple[dict[str, str], str, str, dict[str, Any]]:
    """An admin's headers and two scored interviews in one Acme job, Alex Strong's and Sam Weak's
    (their session ids), with Alex's report."""
    admin = _admin(base)
    job = _job(base, admin, "Acme")
    alex = _interview(base, admin, job, "Alex Strong", STRONG)
    sam = _interview(base, admin, job, "Sam Weak", WEAK)
    report = _wait_scored(base, admin, alex)
    _wait_scored(base, admin, sam)
    return admin, alex, sam, report


def test_recruiter_reviews_and_compares_candidates(live_app, database_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded 2-core CI machine renders slowly

    base, tmp = live_app
    admin, alex, sam, report = _scored_pair(base)
    quote = next(q for a in report["answers"] for s in a["scores"] for q in s["evidence"])
    db = Database(database_url)  # face signals as the live video worker stores them, for the timeline
    with db.session() as s:
        behavior.add_samples(s, session_id=uuid.UUID(alex), answer_id=None, question_id=None, samples=[
            SecondSample(float(t), t % 9 != 0, 1, int(t % 4 == 0), t % 6 != 0, "neutral" if t % 5 else "happy", {})
            for t in range(30)])
    db.dispose()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            _sign_in(page, base, "admin@example.com", "admin-password-123")
            table = page.locator("#cand-table")
            expect(table).to_contain_text("Alex Strong", timeout=60_000)
            expect(table).to_contain_text("Sam Weak")
            expect(table).to_contain_text("scored")
            page.screenshot(path=str(SHOTS / "staff-candidates.png"), full_page=True)

            # open the report through its shareable link (the live list re-renders every 5 s,
            # which makes a dropdown pick racy in a headless run)
            _sign_in(page, base, "admin@example.com", "admin-password-123", path=f"/?session={alex}")
            header = page.locator("#report-header")
            expect(header).to_contain_text("Alex Strong", timeout=30_000)
            expect(header).to_contain_text(f"Overall: {report['overall']:.2f}".rstrip("0").rstrip("."))
            expect(page.locator("#report-radar img").first).to_be_visible(timeout=30_000)
            marks = page.locator("#report-answers mark")
            expect(marks.first).to_be_visible()
            assert quote.split()[0].lower() in " ".join(marks.all_inner_texts()).lower()
            expect(page.locator("#report-behaviour img").first).to_be_visible()
            page.screenshot(path=str(SHOTS / "staff-report.png"), full_page=True)

            page.locator("#override-box").get_by_text("Override a competency score").click()
            page.locator("#override-reason textarea, #override-reason input").first.fill(
                "Strong system design discussion in the debrief.")
            page.locator("#override-save").dispatch_event("click")
            expect(page.get_by_text("Override saved")).to_be_visible(timeout=30_000)
            expect(page.locator("#report-table")).to_contain_text("override; was", timeout=30_000)
            page.locator("#report-pdf-button").dispatch_event("click")
            expect(page.locator("#report-pdf")).to_contain_text(".pdf", timeout=30_000)
            page.screenshot(path=str(SHOTS / "staff-report-override.png"), full_page=True)

            page.get_by_role("tab", name="Compare").click()
            expect(page.locator("#compare-picks")).to_contain_text("Sam Weak", timeout=30_000)
            page.locator("#compare-picks").get_by_text("Alex Strong").click()
            page.locator("#compare-picks").get_by_text("Sam Weak").click()
            page.locator("#compare-run").dispatch_event("click")
            expect(page.locator("#compare-radar img").first).to_be_visible(timeout=30_000)
            expect(page.locator("#compare-table")).to_contain_text("Sam Weak")
            expect(page.locator("#compare-table")).to_contain_text("Overall")
            page.screenshot(path=str(SHOTS / "staff-compare.png"), full_page=True)

            # opened only now, after the deep link: it shows the job and its candidates
            page.get_by_role("tab", name="Candidates").click()
            expect(page.locator("#cand-table")).to_contain_text("Sam Weak")
        except Exception:
            page.screenshot(path=str(SHOTS / "staff-failure.png"), full_page=True)
            print("app log (tail):", (tmp / "app.log").read_text(errors="replace")[-4000:])  # shown on failure
            raise
        finally:
            browser.close()


def test_other_company_recruiter_cannot_open_the_report(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded 2-core CI machine renders slowly

    base, _ = live_app
    admin = _admin(base)
    job = _job(base, admin, "Acme")
    invite = httpx.post(f"{base}/api/jobs/{job}/invites", headers=admin, json={"candidate_name": "Alex"}).json()
    other = httpx.post(base + "/api/companies", headers=admin, json={"name": "Rival"}).json()["id"]
    created = httpx.post(base + "/api/users", headers=admin, json={
        "email": "rival@example.com", "password": "rival-password-123", "role": "recruiter", "company_id": other})
    assert created.status_code in (200, 201), created.text
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            _sign_in(page, base, "rival@example.com", "rival-password-123", f"/?session={invite['session_id']}")
            # another company's report reads exactly like one that does not exist
            expect(page.locator("#report-header")).to_contain_text(
                "This interview session does not exist", timeout=60_000)  # as slow as the first report on a loaded CI machine
            expect(page.locator("#report-header")).not_to_contain_text("Alex")
            expect(page.locator("#cand-table")).not_to_contain_text("Alex")
            page.screenshot(path=str(SHOTS / "staff-forbidden.png"), full_page=True)
        finally:
            browser.close()


def test_admin_tab_manages_users_and_shows_the_audit_log(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    base, _ = live_app
    admin = _admin(base)
    cid = httpx.post(base + "/api/companies", headers=admin, json={"name": "Acme"}).json()["id"]
    assert httpx.post(base + "/api/users", headers=admin, json={
        "email": "rec@acme.example", "password": "recruiter-password-1", "role": "recruiter",
        "company_id": cid}).status_code == 201
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        try:
            # a recruiter sees no users and no audit log there
            _sign_in(page, base, "rec@acme.example", "recruiter-password-1", "/")
            page.get_by_role("tab", name="Admin").click()
            expect(page.locator("#admin-only")).to_contain_text("for admins")
            expect(page.locator("#admin-users")).to_have_count(0)
            assert "admin@example.com" not in page.content()
            page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            _sign_in(page, base, "admin@example.com", "admin-password-123", "/")
            # the console opens on the Jobs tab (no jobs yet) once it has loaded; then go to Admin
            expect(page.get_by_role("tab", name="Jobs")).to_have_attribute("aria-selected", "true")
            expect(page.locator("#jobs-table")).to_be_visible()
            page.get_by_role("tab", name="Admin").click()
            expect(page.locator("#admin-users")).to_contain_text("rec@acme.example")
            expect(page.locator("#admin-audit")).to_contain_text("login")
            page.get_by_text("New user").click()
            page.locator("#admin-new-email textarea, #admin-new-email input").first.fill("ml@lab.example")
            page.locator("#admin-new-password input").fill("short")
            page.locator("#admin-create-user").click()
            expect(page.locator("#admin-user-msg")).to_contain_text("12 characters")
            page.locator("#admin-new-password input").fill("a-long-ml-password-1")
            page.locator("#admin-new-role input").click()
            page.get_by_role("option", name="ML staff").click()
            page.locator("#admin-create-user").click()
            expect(page.locator("#admin-user-msg")).to_contain_text("created")
            expect(page.locator("#admin-users")).to_contain_text("ml@lab.example")
            page.locator("#audit-action textarea, #audit-action input").first.fill("user")
            page.locator("#audit-show").click()
            expect(page.locator("#admin-audit")).to_contain_text("user.create")
            page.screenshot(path=str(SHOTS / "staff-admin.png"), full_page=True)
            page.locator("#sign-out").click()
            expect(page.locator("#login-email")).to_be_visible()
        finally:
            browser.close()
    events = httpx.get(base + "/api/audit", headers=admin, params={"action": "logout"}).json()["events"]
    assert [e["actor"] for e in events] == ["admin@example.com"]  # the console's sign-out revoked its token
