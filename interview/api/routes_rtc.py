"""WebRTC signalling for clients other than the Gradio page (an ATS's own front end,
a mobile app, the aiortc test client): the same handler and turn logic.

``POST /api/interview/{token}/rtc/offer`` with ``{"sdp", "type": "offer", "webrtc_id"}``
returns the SDP answer; the invite token binds the connection to its interview."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from interview.api.deps import RuntimeDep
from interview.errors import Conflict, InvalidInput, Unavailable
from interview.ui.locales import t


class RtcOffer(BaseModel):
    sdp: str = Field(max_length=200_000)
    type: str = Field(max_length=5, pattern="^offer$")
    webrtc_id: str = Field(min_length=8, max_length=64, pattern="^[A-Za-z0-9_-]+$")


def rtc_router(stream: Any) -> APIRouter:
    from fastrtc.stream import Body

    router = APIRouter(prefix="/api", tags=["candidate"])

    @router.post("/interview/{token}/rtc/offer")
    async def offer(token: str, body: RtcOffer, rt: RuntimeDep) -> Any:
        view = rt.candidates.resolve(token)
        if view.status != "in_progress":
            raise Conflict("start the interview first: POST /api/interview/{token}/start")
        if rt.live.full() and rt.live.get(view.session_id) is None:
            raise Unavailable(t(view.language, "live_busy"))
        answer = await stream.offer(Body(sdp=body.sdp, type=body.type, webrtc_id=body.webrtc_id))
        refused = _refusal(answer)
        if refused == "concurrency_limit_reached":
            raise Unavailable(t(view.language, "live_busy"))
        if refused is not None:
            raise InvalidInput(f"the offer was not accepted ({refused}): send a fresh offer with a new webrtc_id")
        stream.set_input(body.webrtc_id, token)
        return answer

    return router


def _refusal(answer: Any) -> str | None:
    """FastRTC answers a refused offer with 200 and {"status": "failed", "meta": {"error": ...}}."""
    if isinstance(answer, Response):
        try:
            answer = json.loads(bytes(answer.body))
        except ValueError:
            return "unreadable answer"
    if isinstance(answer, dict) and answer.get("status") == "failed":
        return str((answer.get("meta") or {}).get("error") or "failed")
    return None


def make_stream(rt: Any) -> Any:
    """The FastRTC stream behind the REST signalling route."""
    import gradio as gr
    from fastrtc import Stream

    from interview.live.handler import InterviewStreamHandler
    from interview.live.invite_guard import require_invite

    config = rt.settings.rtc_configuration_dict()
    stream = Stream(InterviewStreamHandler(rt), modality="audio-video", mode="send-receive",
                    concurrency_limit=rt.settings.max_live_sessions, time_limit=rt.settings.max_interview_s,
                    rtc_configuration=config, server_rtc_configuration=config,
                    additional_inputs=[gr.Textbox(visible=False)])
    require_invite(stream, rt)  # a connection whose invite is not live soon after the offer is closed
    return stream
