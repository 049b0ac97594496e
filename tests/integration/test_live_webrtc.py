"""A real WebRTC peer (aiortc) streams a spoken answer to the server over the REST
signalling route and receives the interviewer's voice back on the same connection; talking
over the question while it plays stops the voice and starts the answer (barge-in)."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame, VideoFrame
from sqlalchemy import create_engine, text

from tests.e2e.test_live_interview import Q1, Q2
from tests.face_media import face_frames
from tests.helpers import live_invite
from tests.integration.test_live_conversation import LONG_Q
from tests.media_factory import speech, speech_wav

ANSWER = "I built a data pipeline in Python that processed sales records every night."


class FaceTrack(MediaStreamTrack):
    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self.frames = list(face_frames(2, 10, size=(320, 240)))
        self.count = 0

    async def recv(self) -> VideoFrame:
        await asyncio.sleep(0.1)
        frame = VideoFrame.from_ndarray(self.frames[self.count % len(self.frames)], format="bgr24")
        frame.pts, frame.time_base = self.count, fractions.Fraction(1, 10)
        self.count += 1
        return frame


async def _connect(pc: RTCPeerConnection, base: str, token: str) -> None:
    """The page's offer over the REST route, and the server's answer applied."""
    pc.createDataChannel("text")
    await pc.setLocalDescription(await pc.createOffer())
    async with httpx.AsyncClient(timeout=60) as client:
        r = await client.post(f"{base}/api/interview/{token}/rtc/offer", json={
            "sdp": pc.localDescription.sdp, "type": "offer", "webrtc_id": uuid.uuid4().hex})
        assert r.status_code == 200, r.text
    await pc.setRemoteDescription(RTCSessionDescription(sdp=r.json()["sdp"], type=r.json()["type"]))


async def _talk(base: str, token: str, wav: Path, seconds: float) -> list[float]:
    """Connect, play the answer after the first question, return received audio RMS per second."""
    pc = RTCPeerConnection()
    player = MediaPlayer(str(wav), loop=True)
    pc.addTrack(player.audio)
    pc.addTrack(FaceTrack())
    levels: list[float] = []

    @pc.on("track")
    def on_track(track: Any) -> None:
        if track.kind == "audio":
            async def pull() -> None:
                bucket: list[np.ndarray] = []
                started = time.monotonic()
                while True:
                    frame = await track.recv()
                    bucket.append(frame.to_ndarray().astype(np.float32).reshape(-1))
                    if time.monotonic() - started >= 1.0:
                        audio = np.concatenate(bucket)
                        levels.append(float(np.sqrt(np.mean(audio**2))))
                        bucket, started = [], time.monotonic()
            asyncio.ensure_future(pull())

    await _connect(pc, base, token)
    await asyncio.sleep(seconds)
    await pc.close()
    return levels


def test_aiortc_client_streams_an_answer_and_hears_the_next_question(live_app, database_url: str) -> None:
    base, tmp = live_app
    invite = live_invite(base, [Q1, Q2])
    token = invite["token"]
    consent = {"recording": True, "analysis": True, "face_analysis": True}  # face samples are asserted below
    assert httpx.post(f"{base}/api/interview/{token}/consent", json=consent).status_code == 200
    r = httpx.post(f"{base}/api/interview/{token}/start", timeout=120)
    assert r.json()["question"]["text"] == Q1
    wav = speech_wav(tmp / "answer.wav", ANSWER, "en", leading_silence_s=4.0, trailing_silence_s=6.0)
    levels = asyncio.run(_talk(base, token, wav, seconds=35))
    assert max(levels) > 100, levels  # the interviewer's voice came back (int16 RMS)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT q.text, a.transcript FROM answers a JOIN questions q ON q.id = a.question_id ORDER BY q.position"
        )).all()
        faces = conn.execute(text("SELECT count(*) FROM behavior_samples WHERE face_present")).scalar_one()
        position = conn.execute(text("SELECT current_position FROM interview_sessions")).scalar_one()
    engine.dispose()
    assert rows and rows[0].text == Q1 and "pipeline" in rows[0].transcript.lower()
    assert faces >= 1
    assert position >= 1  # the turn moved on to the second question (the looping file may answer it too)


# ---------------------------------------------------------------------- barge-in
INTERRUPTION = "Sorry to interrupt. I built a data pipeline in Python."
LOUD = 200.0  # int16 RMS of a received 20 ms frame that carries the interviewer's voice
TAIL_S = 0.7  # first words → voice gone at the client (measured ~0.3 s)
MIC_RATE, MIC_FRAME = 48000, 960  # 20 ms frames, as a browser sends


class Microphone(MediaStreamTrack):
    """A microphone in real time: silence until ``say`` queues speech; ``spoke_at`` is
    when its first frame went out (``time.monotonic()``)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queued = np.zeros(0, np.int16)
        self._sent = 0
        self._started: float | None = None
        self.spoke_at: float | None = None

    def say(self, audio16k: np.ndarray) -> None:
        self._queued = (np.repeat(audio16k, 3) * 32767).astype(np.int16)

    async def recv(self) -> AudioFrame:
        if self._started is None:
            self._started = time.monotonic()
        await asyncio.sleep(max(0.0, self._started + self._sent / MIC_RATE - time.monotonic()))
        chunk, self._queued = self._queued[:MIC_FRAME], self._queued[MIC_FRAME:]
        if chunk.size and self.spoke_at is None:
            self.spoke_at = time.monotonic()
        samples = np.zeros((1, MIC_FRAME), np.int16)
        samples[0, :chunk.size] = chunk
        frame = AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = MIC_RATE, self._sent, fractions.Fraction(1, MIC_RATE)
        self._sent += MIC_FRAME
        return frame


async def _talk_over_the_question(base: str, token: str, words: np.ndarray,
                                  into_playback_s: float) -> tuple[list[tuple[float, float]], float]:
    """Connect, wait until the question has been playing for ``into_playback_s``, say
    ``words`` over it. Returns (arrival time, RMS) of every received frame and when the
    first spoken frame was sent."""
    pc = RTCPeerConnection()
    mic = Microphone()
    pc.addTrack(mic)
    pc.addTrack(FaceTrack())
    heard: list[tuple[float, float]] = []

    @pc.on("track")
    def on_track(track: Any) -> None:
        if track.kind == "audio":
            async def pull() -> None:
                with contextlib.suppress(MediaStreamError):  # the call ended
                    while True:
                        samples = (await track.recv()).to_ndarray().astype(np.float32)
                        heard.append((time.monotonic(), float(np.sqrt(np.mean(samples**2)))))
            asyncio.ensure_future(pull())

    await _connect(pc, base, token)
    deadline = time.monotonic() + 90
    while not any(rms > LOUD for _, rms in heard):
        assert time.monotonic() < deadline, "the interviewer's voice never arrived"
        await asyncio.sleep(0.05)
    await asyncio.sleep(into_playback_s)
    mic.say(words)
    await asyncio.sleep(len(words) / 16000 + 6.0)  # the answer ends 1 s after the words
    await pc.close()
    assert mic.spoke_at is not None
    return heard, mic.spoke_at


def _stored_transcript(database_url: str, question: str, timeout: float = 60) -> str:
    engine = create_engine(database_url)
    try:
        deadline = time.monotonic() + timeout
        while True:
            with engine.connect() as conn:
                found = conn.execute(text("SELECT a.transcript FROM answers a JOIN questions q ON q.id = a.question_id "
                                          "WHERE q.text = :q"), {"q": question}).scalar_one_or_none()
            if found is not None or time.monotonic() > deadline:
                return str(found)
            time.sleep(0.5)
    finally:
        engine.dispose()


def test_talking_over_the_question_mid_playback_stops_the_voice_and_keeps_the_answer(live_app,
                                                                                    database_url: str) -> None:
    base, tmp = live_app
    token = live_invite(base, [LONG_Q, Q2])["token"]
    assert httpx.post(f"{base}/api/interview/{token}/consent", json={"recording": True, "analysis": True}).status_code == 200
    assert httpx.post(f"{base}/api/interview/{token}/start", timeout=120).json()["question"]["text"] == LONG_Q
    words = speech(INTERRUPTION, "en")
    heard, spoke_at = asyncio.run(_talk_over_the_question(base, token, words, into_playback_s=4.0))
    # the voice was playing when the candidate started ...
    assert any(rms > LOUD for at, rms in heard if spoke_at - 1.0 <= at <= spoke_at), "not mid-playback"
    # ... and stops at once: nothing loud after a short tail (voice detection, transport),
    # while they talk and until their answer can have ended (1 s of silence; the next
    # question comes after that), though the question had seconds more to play (below)
    window_end = spoke_at + len(words) / 16000 + 0.9
    later = [round(at - spoke_at, 2) for at, rms in heard if spoke_at + TAIL_S <= at <= window_end and rms > LOUD]
    assert not later, f"the interviewer kept talking over the candidate (s after they began): {later}"
    # what was said over the question is the start of the answer
    transcript = _stored_transcript(database_url, LONG_Q).lower()
    assert "sorry" in transcript and "pipeline" in transcript, transcript
    # the conversation had finished synthesising: the barge-in came while the audio played out
    log = (tmp / "app.log").read_text()
    [(synthesising, left_s)] = re.findall(r"live barge-in .*synthesising=(\w+) .*left_s=([-\d.]+)", log)
    assert synthesising == "False" and float(left_s) > window_end - spoke_at, (synthesising, left_s)
