"""The live conversation when things do not go to plan: nobody answers, only noise, the
face leaves the camera, the time limit cuts a long answer, the connection drops, every
interviewer is busy. Real models, real audio, frame by frame as the WebRTC handler feeds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text

from interview.live.conversation import LiveConversation
from pipelines.settings import Settings
from tests.face_media import face_frames
from tests.helpers import login, make_invite
from tests.integration.test_live_conversation import ANSWER, Q1, Q2, _feed, _wait_event
from tests.media_factory import noise, silence, speech

FRAME = 960  # 20 ms at 48 kHz


def _invite(client: Any, **job: Any) -> str:
    admin = login(client)
    made = make_invite(client, admin, job={"questions": [Q1, Q2], "question_count": 2, "max_follow_ups": 0,
                                           "end_silence_s": 1.0, **job})
    token = made["token"]
    consent = {"recording": True, "analysis": True, "face_analysis": True}  # the face tests need face signals
    assert client.post(f"/api/interview/{token}/consent", json=consent).status_code == 200
    return str(token)


def _listening(conv: LiveConversation) -> dict[str, Any]:
    question = _wait_event(conv, "question")
    _wait_event(conv, "state", state="listening")
    return question


def _feed_real_time(conv: LiveConversation, audio16k: np.ndarray, *, until_state_leaves: str | None = None) -> None:
    """20 ms frames at the pace of a microphone (wall-clock limits see real time)."""
    pcm = (np.repeat(audio16k, 3) * 32767).astype(np.int16)
    started = time.monotonic()
    for index, begin in enumerate(range(0, len(pcm), FRAME)):
        conv.feed_audio(48000, pcm[begin:begin + FRAME].reshape(1, -1))
        if until_state_leaves is not None and conv.state != until_state_leaves:
            return
        time.sleep(max(0.0, started + (index + 1) * 0.02 - time.monotonic()))


def _answers(db: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT q.text AS question, a.transcript, a.end_reason, a.delivery, a.id FROM answers a "
            "JOIN questions q ON q.id = a.question_id ORDER BY q.position")))


def test_silence_for_the_whole_time_limit_is_a_no_answer(app_client, db) -> None:
    token = _invite(app_client, time_limit_s=15)
    rt = app_client.app.state.runtime
    conv = rt.live.open(token)
    try:
        assert _listening(conv)["text"] == Q1
        _feed_real_time(conv, silence(20.0), until_state_leaves="listening")
        assert _wait_event(conv, "notice", timeout=60)["text"].startswith("We did not hear an answer")
        assert _wait_event(conv, "question")["text"] == Q2
    finally:
        rt.live.close(conv)
    [row] = _answers(db)
    assert row.question == Q1 and row.transcript == "" and row.end_reason == "no_answer"


def test_a_muted_microphone_that_sends_nothing_still_reaches_no_answer(app_client, db) -> None:
    token = _invite(app_client, time_limit_s=15)
    rt = app_client.app.state.runtime
    conv = rt.live.open(token)
    try:
        assert _listening(conv)["text"] == Q1  # and then not a single audio frame arrives
        assert _wait_event(conv, "notice", timeout=60)["text"].startswith("We did not hear an answer")
        assert _wait_event(conv, "question")["text"] == Q2
    finally:
        rt.live.close(conv)
    [row] = _answers(db)
    assert row.question == Q1 and row.end_reason == "no_answer"


def test_noise_never_starts_an_answer_and_the_button_ends_it(app_client, db) -> None:
    rt = app_client.app.state.runtime
    conv = rt.live.open(_invite(app_client))
    try:
        _listening(conv)
        _feed(conv, noise(6.0, level_db=-35.0))
        assert conv.state == "listening" and conv.segmenter is not None and not conv.segmenter.in_answer
        conv.done_answering()
        assert _wait_event(conv, "question")["text"] == Q2
    finally:
        rt.live.close(conv)
    [row] = _answers(db)
    assert row.end_reason == "button" and row.transcript == ""  # no words invented from hiss


def test_a_face_that_leaves_the_frame_is_recorded_not_fatal(app_client, db) -> None:
    rt = app_client.app.state.runtime
    conv = rt.live.open(_invite(app_client))
    try:
        _listening(conv)
        faces = list(face_frames(1.6, 10, size=(320, 240)))
        blank = [np.zeros((240, 320, 3), np.uint8)] * 16
        for frame in faces + blank:  # 10 FPS for 3.2 s: the face, then nobody
            conv.feed_video(frame)
            time.sleep(0.1)
        _feed(conv, np.concatenate([speech(ANSWER, "en"), silence(1.6)]))
        assert _wait_event(conv, "question")["text"] == Q2
        assert conv.state in ("speaking", "listening")
    finally:
        rt.live.close(conv)
    [row] = _answers(db)
    with db.engine.connect() as conn:
        samples = list(conn.execute(text("SELECT face_present, answer_id FROM behavior_samples ORDER BY t_s")))
    assert any(s.face_present for s in samples) and any(not s.face_present for s in samples)
    assert all(s.answer_id == row.id for s in samples)
    assert "pipeline" in row.transcript.lower()


def test_the_time_limit_ends_a_long_answer_politely(app_client, db) -> None:
    rt = app_client.app.state.runtime
    conv = rt.live.open(_invite(app_client, time_limit_s=15, end_silence_s=2.0))
    try:
        _listening(conv)
        clip = np.concatenate([speech(ANSWER, "en"), silence(0.4)])
        talk = np.concatenate([clip] * int(np.ceil(19 * 16000 / len(clip))))  # > 15 s with short pauses only
        _feed_real_time(conv, talk, until_state_leaves="listening")
        assert conv.state != "listening"
        _wait_event(conv, "transcript")
        assert _wait_event(conv, "question")["text"] == Q2
    finally:
        rt.live.close(conv)
    [row] = _answers(db)
    assert row.end_reason == "time_limit" and "pipeline" in row.transcript.lower()
    assert 10 <= row.delivery["duration_s"] <= 17


def test_a_dropped_connection_resumes_at_the_same_question(app_client, db) -> None:
    token = _invite(app_client)
    rt = app_client.app.state.runtime
    conv = rt.live.open(token)
    _listening(conv)
    _feed(conv, np.concatenate([speech(ANSWER, "en"), silence(1.6)]))
    assert _wait_event(conv, "question")["text"] == Q2
    _wait_event(conv, "state", state="listening")
    _feed(conv, speech("The hardest part was", "en"))  # mid-answer ...
    rt.live.close(conv)  # ... the connection drops
    assert rt.live.get(conv.session_id) is None
    again = rt.live.open(token)
    try:
        resumed = _wait_event(again, "question")
        assert resumed["text"] == Q2 and resumed["number"] == 2
    finally:
        rt.live.close(again)
    rows = _answers(db)
    assert [r.question for r in rows] == [Q1] and "pipeline" in rows[0].transcript.lower()


@pytest.fixture
def one_seat(settings: Settings) -> Iterator[Any]:
    """The app with room for a single live interview."""
    from fastapi.testclient import TestClient

    from app import create_app

    with TestClient(create_app(settings.model_copy(update={"max_live_sessions": 1}))) as client:
        yield client


def test_past_the_live_limit_a_candidate_is_told_to_retry(one_seat) -> None:
    rt = one_seat.app.state.runtime
    first_token, second_token = _invite(one_seat), _invite(one_seat)
    first = rt.live.open(first_token)
    try:
        _wait_event(first, "question")
        refused = rt.live.open(second_token)
        assert _wait_event(refused, "notice")["text"].startswith("All interviewers are busy")
        assert refused.state == "error" and rt.live.count() == 1
        rt.live.close(refused)
        assert rt.live.get(first.session_id) is first  # closing the refused one frees nothing else
    finally:
        rt.live.close(first)
    retried = rt.live.open(second_token)  # a seat is free again
    try:
        assert _wait_event(retried, "question")["text"] == Q1
    finally:
        rt.live.close(retried)
