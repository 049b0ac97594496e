"""End to end: headless Debian Chromium with a fake camera (a face video) and a fake
microphone (a spoken answer) opens an invite link, consents, and answers by voice over
the real WebRTC stream. The transcript must hold the spoken words, the next question
must appear, and behaviour samples with a face must be stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.face_media import face_frames, write_y4m
from tests.helpers import live_invite
from tests.media_factory import speech_wav

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ANSWER = "I built a data pipeline in Python that processed sales records every night."
Q1 = "Tell me about a project you are proud of."
Q2 = "What did you learn from it?"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="make test installs Debian's chromium")
def test_candidate_answers_by_voice_in_chromium(live_app, database_url: str) -> None:
    from playwright.sync_api import sync_playwright

    base, tmp = live_app
    invite = live_invite(base, [Q1, Q2])
    wav = speech_wav(tmp / "answer.wav", ANSWER, "en", leading_silence_s=1.0, trailing_silence_s=4.0)
    y4m = tmp / "face.y4m"
    write_y4m(y4m, face_frames(6, 15, size=(320, 240)), fps=15)
    args = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}", f"--use-file-for-fake-video-capture={y4m}",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic", "--autoplay-policy=no-user-gesture-required", "--no-sandbox", "--disable-gpu"]
    shots = ROOT / "tests" / ".artifacts"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        page = browser.new_page(viewport={"width": 1100, "height": 1300})
        try:
            page.goto(invite["url"])
            page.get_by_text("Interview for Data Engineer").wait_for(timeout=30_000)
            page.locator("#consent-recording input").check()
            page.locator("#consent-analysis input").check()
            page.locator("#consent-face input").check()  # optional: face signals are asserted below
            page.locator("#consent-agree").dispatch_event("click")
            page.locator("#resume-skip").wait_for(state="visible", timeout=30_000)
            page.screenshot(path=str(shots / "candidate-resume.png"))
            page.locator("#resume-skip").dispatch_event("click")
            page.locator("#rtc").get_by_text("Click to Access Webcam").click(timeout=60_000)  # device check
            start = page.locator("#rtc button[aria-label='start stream']")
            start.wait_for(state="attached", timeout=60_000)
            start.dispatch_event("click")
            page.locator("#live-question").get_by_text(Q1).wait_for(timeout=120_000)
            page.screenshot(path=str(shots / "candidate-live.png"), full_page=True)
            page.locator("#live-question").get_by_text(Q2).wait_for(timeout=180_000)
            page.screenshot(path=str(shots / "candidate-next.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(shots / "candidate-failure.png"))
            raise
        finally:
            browser.close()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        transcript = conn.execute(text(
            "SELECT a.transcript FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.text = :q"),
            {"q": Q1}).scalar_one()
        faces = conn.execute(text("SELECT count(*) FROM behavior_samples WHERE face_present")).scalar_one()
        delivery = conn.execute(text("SELECT delivery FROM answers LIMIT 1")).scalar_one()
    engine.dispose()
    assert "pipeline" in transcript.lower() and "records" in transcript.lower(), transcript
    assert faces >= 1
    assert delivery["words_per_minute"] > 0
