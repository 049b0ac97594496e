"""WebRTC signalling for clients other than the Gradio page (an ATS's own front end,
a mobile app, the aiortc test client): the same handler and turn logic.

``POST /api/interview/{token}/rtc/offer`` with ``{"sdp", "type": "offer", "webrtc_id"}``
returns the SDP answer; the invite token binds the connection to its interview."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from interview.api.deps import RuntimeDep
from interview.errors import Conflict, Unavailable
from interview.ui.locales import t


class RtcOffer(BaseModel):
    sdp: str = Field(max_length=200_000)
    type: str = Field(pattern="^offer$")
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
        stream.set_input(body.webrtc_id, token)
        return answer

    return router


def make_stream(rt: Any) -> Any:
    """The FastRTC stream behind the REST signalling route."""
    import gradio as gr
    from fastrtc import Stream

    from interview.live.handler import InterviewStreamHandler

    config = rt.settings.rtc_configuration_dict()
    return Stream(InterviewStreamHandler(rt), modality="audio-video", mode="send-receive",
                  concurrency_limit=rt.settings.max_live_sessions, time_limit=rt.settings.max_interview_s,
                  rtc_configuration=config, server_rtc_configuration=config,
                  additional_inputs=[gr.Textbox(visible=False)])
