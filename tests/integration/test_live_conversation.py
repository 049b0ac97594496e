"""The live turn-taking logic driven with real audio and the real models, without a
browser: what the WebRTC handler does, frame by frame."""

from __future__ import annotations

import queue
import time
from typing import Any

import numpy as np
from sqlalchemy import text

from interview.live.conversation import AudioOut, EventOut, LiveConversation
from tests.helpers import login, make_invite
from tests.media_factory import silence, speech

Q1 = "Tell me about a project you are proud of."
Q2 = "What did you learn from it?"
ANSWER = "I built a data pipeline in Python that processed sales records every night."
LONG_Q = ("Tell me about a project you are proud of. What problem did it solve, and who relied on it every day? "
          "Which parts did you design and build yourself? Take your time and walk me through it from the first "
          "idea to the day it shipped.")  # about 12 s of speech, synthesised in about 1 s


def _open(app_client: Any, **job: Any) -> tuple[Any, LiveConversation, dict[str, Any]]:
    admin = login(app_client)
    made = make_invite(app_client, admin, job={"questions": [Q1, Q2], "question_count": 2, "max_follow_ups": 0,
                                               "end_silence_s": 1.0, **job})
    token = made["token"]
    assert app_client.post(f"/api/interview/{token}/consent", json={"recording": True, "analysis": True}).status_code == 200
    rt = app_client.app.state.runtime
    return rt, rt.live.open(token), made


def _wait_event(conv: LiveConversation, kind: str, timeout: float = 120, **match: Any) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            item = conv.outputs.get(timeout=0.2)
        except queue.Empty:
            continue
        if isinstance(item, EventOut) and item.payload.get("type") == kind and all(
                item.payload.get(k) == v for k, v in match.items()):
            return item.payload
    raise AssertionError(f"no {kind} event {match} within {timeout}s (state {conv.state})")


def _wait_synthesised(conv: LiveConversation, timeout: float = 60) -> None:
    """Until the question's audio is all queued: from then on it only plays out."""
    deadline = time.monotonic() + timeout
    while conv.state != "speaking" or conv.synthesising:
        assert time.monotonic() < deadline, f"still synthesising after {timeout}s (state {conv.state})"
        time.sleep(0.02)


def _drain(conv: LiveConversation) -> list[Any]:
    items: list[Any] = []
    while not conv.outputs.empty():
        items.append(conv.outputs.get_nowait())
    return items


def _feed(conv: LiveConversation, audio16k: np.ndarray) -> None:
    """Feed as WebRTC does: 48 kHz int16 (1, 960) frames, 20 ms each, in real time / 4."""
    pcm = (np.repeat(audio16k, 3) * 32767).astype(np.int16)
    for start in range(0, len(pcm), 960):
        conv.feed_audio(48000, pcm[start:start + 960].reshape(1, -1))
        time.sleep(0.005)


def test_spoken_answer_is_transcribed_stored_and_the_next_question_follows(app_client, db) -> None:
    rt, conv, made = _open(app_client)
    try:
        first = _wait_event(conv, "question")
        assert first["text"] == Q1 and first["number"] == 1 and first["total"] == 2
        _wait_event(conv, "state", state="listening")
        _feed(conv, np.concatenate([speech(ANSWER, "en"), silence(0.6), speech("It saved two hours.", "en"),
                                    silence(2.0)]))
        transcript = _wait_event(conv, "transcript")["text"].lower()
        # a short pause did not cut it: the second sentence is in the same answer ("two"/"2": Whisper writes either)
        assert "pipeline" in transcript and ("two hours" in transcript or "2 hours" in transcript)
        second = _wait_event(conv, "question")
        assert second["text"] == Q2 and second["number"] == 2
    finally:
        rt.live.close(conv)
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT transcript, delivery, audio_path, end_reason FROM answers")).one()
    assert "pipeline" in row.transcript.lower() and row.end_reason == "silence"
    assert row.delivery["words_per_minute"] > 60 and 0 <= row.delivery["confidence"] <= 100
    assert (rt.settings.data_dir / row.audio_path).exists()


def test_the_question_plays_out_before_the_answer_clock_starts(app_client) -> None:
    rt, conv, _ = _open(app_client, questions=[Q1 + " " + Q2, Q2])
    try:
        _wait_event(conv, "question")
        _wait_synthesised(conv)
        plays_until = conv.plays_until
        assert plays_until - time.monotonic() > 1.0  # synthesis is done, the candidate still hears it
        _wait_event(conv, "state", state="listening")
        assert time.monotonic() >= plays_until
        assert conv._listen_started >= plays_until  # time limit and no-answer count from here
    finally:
        rt.live.close(conv)


def test_talking_over_the_question_while_it_plays_stops_the_voice_and_starts_the_answer(app_client, db) -> None:
    rt, conv, _ = _open(app_client, questions=[LONG_Q, Q2])
    try:
        _wait_event(conv, "question")
        _wait_synthesised(conv)
        time.sleep(1.0)  # the candidate has heard some of it ...
        assert conv.state == "speaking" and conv.plays_until - time.monotonic() > 3.0  # ... with seconds to go
        generation, began = conv.current_generation, time.monotonic()
        _feed(conv, speech("Sorry, may I start?", "en"))
        assert conv.current_generation > generation and conv.state == "listening"
        assert not [item for item in _drain(conv) if isinstance(item, AudioOut)]  # the rest is dropped
        assert began < conv._listen_started < time.monotonic()  # the answer clock runs from the barge-in
        conv.done_answering()
        assert _wait_event(conv, "question")["text"] == Q2
    finally:
        rt.live.close(conv)
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT transcript, end_reason FROM answers")).one()
    assert row.end_reason == "button" and "sorry" in row.transcript.lower(), row  # said over the question, kept


def test_reconnect_resumes_at_the_current_question_and_a_second_tab_takes_over(app_client) -> None:
    rt, conv, made = _open(app_client)
    _wait_event(conv, "question")
    _wait_event(conv, "state", state="listening")
    conv.done_answering()
    assert _wait_event(conv, "question")["text"] == Q2
    second = rt.live.open(made["token"])  # a reload or a second tab
    try:
        assert _wait_event(conv, "notice")["text"].startswith("This interview continued")
        assert _wait_event(second, "question")["text"] == Q2  # the finished answer is kept
    finally:
        rt.live.close(second)
        rt.live.close(conv)


def test_audio_is_sent_sentence_by_sentence(app_client) -> None:
    rt, conv, _ = _open(app_client, questions=["First sentence here. And a second one?", Q2])
    try:
        chunks: list[AudioOut] = []
        deadline = time.monotonic() + 60
        while len(chunks) < 2 and time.monotonic() < deadline:
            try:
                item = conv.outputs.get(timeout=0.2)
            except queue.Empty:
                continue
            if isinstance(item, AudioOut):
                chunks.append(item)
        assert len(chunks) == 2 and all(c.samples.dtype == np.int16 and c.samples.size > 1000 for c in chunks)
    finally:
        rt.live.close(conv)
