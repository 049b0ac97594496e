"""A real WebRTC peer (aiortc) streams a spoken answer to the server over the REST
signalling route and receives the interviewer's voice back on the same connection."""

from __future__ import annotations

import asyncio
import fractions
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer
from av import VideoFrame
from sqlalchemy import text

from tests.e2e.test_live_interview import Q1, Q2
from tests.face_media import face_frames
from tests.helpers import live_invite
from tests.media_factory import speech_wav

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

    pc.createDataChannel("text")
    await pc.setLocalDescription(await pc.createOffer())
    async with httpx.AsyncClient(timeout=60) as client:
        r = await client.post(f"{base}/api/interview/{token}/rtc/offer", json={
            "sdp": pc.localDescription.sdp, "type": "offer", "webrtc_id": uuid.uuid4().hex})
        assert r.status_code == 200, r.text
        answer = r.json()
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    await asyncio.sleep(seconds)
    await pc.close()
    return levels


def test_aiortc_client_streams_an_answer_and_hears_the_next_question(live_app, database_url: str) -> None:
    base, tmp = live_app
    invite = live_invite(base, [Q1, Q2])
    token = invite["token"]
    assert httpx.post(f"{base}/api/interview/{token}/consent", json={"recording": True, "analysis": True}).status_code == 200
    r = httpx.post(f"{base}/api/interview/{token}/start", timeout=120)
    assert r.json()["question"]["text"] == Q1
    wav = speech_wav(tmp / "answer.wav", ANSWER, "en", leading_silence_s=4.0, trailing_silence_s=6.0)
    levels = asyncio.run(_talk(base, token, wav, seconds=35))
    assert max(levels) > 100, levels  # the interviewer's voice came back (int16 RMS)
    from sqlalchemy import create_engine

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
