"""End to end: on a machine without any Korean system font (fontconfig has none here, nor does a
bare Debian image), every piece of Hangul the pages show is drawn with the font the app serves
itself, in its regular and its bold face. Headless Chromium opens a Korean job's invite link and,
at each step (consent, resume upload, device check, the live interview), asks the browser through
the DevTools protocol (``CSS.getPlatformFontsForNode``) which fonts drew every text node that holds
Hangul: the app font must have drawn each Hangul glyph, in the bold face where the text is bold
(headings, buttons, <strong>), so none is a fallback box (tofu). The recruiter console is checked
the same way where it shows the job, the company and the candidate. Screenshots go to
tests/.artifacts/ (or $E2E_SHOTS)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import httpx

from tests.e2e import test_staff_pages
from tests.e2e.test_staff_pages import ARGS, CHROMIUM, _admin, _sign_in
from tests.e2e.test_staff_pages import pytestmark as pytestmark  # skipped without chromium
from tests.face_media import face_frames, write_y4m
from tests.media_factory import silence_wav
from tests.pdf_factory import korean_resume

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")
APP_FONT = "NanumGothic"  # the family name inside the TTF the app serves (interview.ui.theme)
UNRENDERED = {"SCRIPT", "STYLE", "TITLE", "TEMPLATE", "NOSCRIPT", "HEAD"}
JOB = "데이터 엔지니어"
COMPANY = "한빛랩스"
NAME = "김민준"
SHOTS = Path(os.environ.get("E2E_SHOTS") or test_staff_pages.SHOTS)  # screenshots
QUESTION = "가장 자랑스러운 프로젝트를 소개해 주세요."


def _walk(node: dict[str, Any], ancestors: tuple[dict[str, Any], ...], found: list[dict[str, Any]]) -> None:
    """The text nodes with Hangul under ``node``, shadow roots (Gradio's and the browser's own, which
    hold an input's value) and frames included."""
    if node.get("nodeType") == 3 and ancestors:
        text = node.get("nodeValue") or ""
        count = len(HANGUL.findall(text))
        if count and ancestors[-1].get("nodeName", "").upper() not in UNRENDERED:
            found.append({"node": node["nodeId"], "parent": ancestors[-1]["nodeId"], "text": text, "hangul": count,
                          "path": [a.get("nodeName", "").upper() for a in ancestors if a.get("nodeType") == 1]})
    for key in ("shadowRoots", "children", "pseudoElements"):
        for child in node.get(key) or []:
            _walk(child, (*ancestors, node), found)
    if node.get("contentDocument"):
        _walk(node["contentDocument"], (*ancestors, node), found)


def hangul_rendering(cdp: Any) -> list[dict[str, Any]]:
    """Every rendered text node with Hangul: its tag path, text, computed weight and the platform
    fonts that drew it, each with the number of glyphs it drew."""
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    found: list[dict[str, Any]] = []
    _walk(root, (), found)
    rendered = []
    for entry in found:
        try:  # on the text node itself: exactly its glyphs (an element's count takes in its children's)
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": entry["node"]})["fonts"]
            style = cdp.send("CSS.getComputedStyleForNode", {"nodeId": entry["parent"]})["computedStyle"]
        except Exception:  # noqa: BLE001 - the node went away while we looked (Gradio re-renders)
            continue
        if not fonts:  # not laid out: hidden (another step) or display: none
            continue
        weight = next((p["value"] for p in style if p["name"] == "font-weight"), "400")
        entry.update(fonts=fonts, weight=int(float(weight)))
        rendered.append(entry)
    return rendered


def _faces(entry: dict[str, Any]) -> str:
    return ",".join(f"{f['postScriptName']}:{f['glyphCount']}" for f in entry["fonts"])


def tofu(entries: list[dict[str, Any]]) -> list[str]:
    """The text whose Hangul was not all drawn by the app font, in the face for its weight: the bold
    face from 600 (Gradio's headings, buttons and labels, <strong>), the regular one below."""
    bad = []
    for e in entries:
        bold = e["weight"] >= 600
        drawn = sum(int(f["glyphCount"]) for f in e["fonts"] if f.get("isCustomFont") and APP_FONT in f["familyName"]
                    and ("Bold" in f["postScriptName"]) == bold)
        if drawn < e["hangul"]:
            bad.append(f"{'>'.join(e['path'][-4:])} weight {e['weight']} {e['text'][:40]!r}: {_faces(e)}")
    return bad


def assert_app_font(page: Any, cdp: Any, step: str, *, must: tuple[str, ...] = (), bold: bool = False,
                    timeout_s: float = 30.0) -> list[dict[str, Any]]:
    """Waits (the web font loads on first use, shown meanwhile in a fallback) until every rendered
    Hangul text of the page is drawn by the app font. ``must``: tags (H2, BUTTON, ...) that must be
    among the checked elements; ``bold``: so must bold (600+) text."""
    deadline = time.monotonic() + timeout_s
    while True:
        page.evaluate("document.fonts.ready.then(() => true)")
        entries = hangul_rendering(cdp)
        bad = tofu(entries)
        tags = {tag for e in entries for tag in e["path"]}
        missing = [tag for tag in must if tag not in tags] + (["bold text"] if bold and not any(
            e["weight"] >= 600 for e in entries) else [])
        if entries and not bad and not missing:
            print(f"{step}:", *[f"{e['path'][-1]:8} {e['weight']} {_faces(e)} {e['text'][:30]!r}" for e in entries],
                  sep="\n  ")  # shown with -s
            return entries
        if time.monotonic() > deadline:
            page.screenshot(path=str(SHOTS / f"korean-{step}-failure.png"), full_page=True)
            raise AssertionError(f"{step}: Hangul not drawn by {APP_FONT}: {bad}; not found on the page: {missing}")
        time.sleep(0.5)


def _open(p: Any, args: list[str], viewport: dict[str, int]) -> tuple[Any, Any, Any]:
    """(browser, page, a CDP session with DOM and CSS on: what ``hangul_rendering`` reads)."""
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    page = browser.new_page(viewport=viewport)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    return browser, page, cdp


def _korean_job(base: str) -> dict[str, Any]:
    """A Korean job (its one question fixed: no LLM) and an invite, over the REST API."""
    admin = _admin(base)
    company = httpx.post(base + "/api/companies", headers=admin, json={"name": COMPANY}).json()["id"]
    job = httpx.post(base + "/api/jobs", headers=admin, json={
        "company_id": company, "title": JOB, "language": "ko", "question_count": 1, "questions": [QUESTION],
        "max_follow_ups": 0, "end_silence_s": 1.0, "time_limit_s": 60}).json()["id"]
    invite = httpx.post(f"{base}/api/jobs/{job}/invites", headers=admin, json={"candidate_name": NAME}).json()
    return dict(invite)


def test_korean_pages_draw_hangul_with_the_app_font(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a loaded 2-core CI machine renders slowly
    base, tmp = live_app
    invite = _korean_job(base)
    SHOTS.mkdir(parents=True, exist_ok=True)
    resume = tmp / "이력서.pdf"
    resume.write_bytes(korean_resume())
    wav = silence_wav(tmp / "silence.wav", 30.0)
    y4m = tmp / "face.y4m"
    write_y4m(y4m, face_frames(4, 15, size=(320, 240)), fps=15)
    args = [*ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}", f"--use-file-for-fake-video-capture={y4m}",
            "--autoplay-policy=no-user-gesture-required"]
    with sync_playwright() as p:
        browser, page, cdp = _open(p, args, {"width": 1100, "height": 1300})
        try:
            page.goto(invite["url"])
            expect(page.locator("#consent-agree")).to_have_text("동의하고 계속")
            expect(page.locator("h2")).to_contain_text(f"{JOB} 면접")
            assert_app_font(page, cdp, "consent", must=("H2", "BUTTON", "LABEL"), bold=True)
            stacks = page.evaluate("""() => { const style = getComputedStyle(document.querySelector('#consent-agree'));
                return ['--font', '--font-sans', '--font-mono'].map(name => style.getPropertyValue(name).trim()); }""")
            assert all(stack.startswith("InterviewHangul,") for stack in stacks), stacks  # Gradio's stacks, led by it
            page.screenshot(path=str(SHOTS / "korean-consent.png"), full_page=True)

            page.locator("#consent-recording input").check()
            page.locator("#consent-analysis input").check()
            page.locator("#consent-agree").dispatch_event("click")
            expect(page.locator("#resume-skip")).to_be_visible()
            expect(page.locator("#candidate-message")).to_contain_text("동의가 기록되었습니다")
            assert_app_font(page, cdp, "resume", must=("H3", "BUTTON"), bold=True)
            page.screenshot(path=str(SHOTS / "korean-resume.png"), full_page=True)

            page.locator("#resume-file input[type=file]").set_input_files(str(resume))
            expect(page.locator("#resume-file")).to_contain_text(re.compile(r"이력서\s*\.pdf"))  # name and suffix apart
            # the file's link appears once it is on the server; a click before that is dropped
            expect(page.locator("#resume-file a[href*='gradio_api/file=']")).to_be_attached()
            assert_app_font(page, cdp, "resume-chosen", must=("TD",))  # the file's Korean name
            page.locator("#resume-upload").dispatch_event("click")
            expect(page.locator("h3").filter(has_text="카메라와 마이크")).to_be_visible(timeout=120_000)
            expect(page.locator("#live-state")).to_have_text("연결 중…")
            assert_app_font(page, cdp, "device-check", must=("H3", "BUTTON", "EM"), bold=True)
            page.screenshot(path=str(SHOTS / "korean-device-check.png"), full_page=True)

            page.locator("#rtc").get_by_text("Click to Access Webcam").click(timeout=60_000)
            start = page.locator("#rtc button[aria-label='start stream']")
            start.wait_for(state="attached", timeout=60_000)
            start.dispatch_event("click")
            expect(page.locator("#live-question")).to_contain_text(QUESTION, timeout=120_000)
            expect(page.locator("#live-progress")).to_contain_text("질문 1 / 1")
            assert_app_font(page, cdp, "live", must=("STRONG", "BUTTON"), bold=True)
            page.screenshot(path=str(SHOTS / "korean-live.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(SHOTS / "korean-candidate-failure.png"), full_page=True)
            print("app log (tail):", (tmp / "app.log").read_text(errors="replace")[-4000:])
            raise
        finally:
            browser.close()


def test_staff_console_draws_hangul_with_the_app_font(live_app) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    base, tmp = live_app
    invite = _korean_job(base)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser, page, cdp = _open(p, ARGS, {"width": 1280, "height": 900})
        try:
            _sign_in(page, base, "admin@example.com", "admin-password-123")
            expect(page.locator("#cand-table")).to_contain_text(NAME)
            assert_app_font(page, cdp, "staff-candidates", must=("TD",))
            page.screenshot(path=str(SHOTS / "korean-staff-candidates.png"), full_page=True)

            page.get_by_role("tab", name="Jobs").click()
            expect(page.locator("#jobs-table")).to_contain_text(COMPANY)
            assert_app_font(page, cdp, "staff-jobs", must=("TD",))
            page.screenshot(path=str(SHOTS / "korean-staff-jobs.png"), full_page=True)

            _sign_in(page, base, "admin@example.com", "admin-password-123", path=f"/?session={invite['session_id']}")
            expect(page.locator("#report-header")).to_contain_text(f"{NAME} · {JOB}")
            assert_app_font(page, cdp, "staff-report", must=("H2",), bold=True)
            page.screenshot(path=str(SHOTS / "korean-staff-report.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(SHOTS / "korean-staff-failure.png"), full_page=True)
            print("app log (tail):", (tmp / "app.log").read_text(errors="replace")[-4000:])
            raise
        finally:
            browser.close()
