"""A WebRTC connection must present a live invite soon after its offer, or it is closed.

FastRTC counts every open peer connection against ``concurrency_limit`` (MAX_LIVE_SESSIONS),
and an offer needs no credential: the page's WebRTC component answers offers posted to
Gradio's ``component_server`` route, and the invite token reaches the handler only afterwards,
as the stream's input. Without this guard anyone could hold every live slot for
MAX_INTERVIEW_S with offers that never send a token. ``require_invite`` wraps the offer
handling of a FastRTC ``Stream`` or ``WebRTC`` component: RTC_INVITE_TIMEOUT_S after the
offer, a connection whose handler has no conversation attached to the runtime's live
sessions (no token, an unknown, expired or used invite, or one refused because every
interviewer was busy: its notice was sent by then) is closed and its slot freed."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from fastapi.responses import JSONResponse

if TYPE_CHECKING:
    from interview.runtime import Runtime

log = logging.getLogger(__name__)
_GUARDED = "_invite_guarded"


def has_live_invite(rt: Runtime, handler: Any) -> bool:
    conversation = getattr(handler, "conversation", None)
    return conversation is not None and rt.live.get(conversation.session_id) is conversation


def require_invite(connections: Any, rt: Runtime) -> None:
    """Wrap ``connections.handle_offer`` (a FastRTC ``WebRTCConnectionMixin``) once."""
    if getattr(connections, _GUARDED, False):
        return
    original = connections.handle_offer
    tasks: set[asyncio.Task[None]] = set()

    async def handle_offer(body: Any, set_outputs: Any) -> Any:
        webrtc_id = body.get("webrtc_id") if isinstance(body, dict) else None
        try:
            answer = await original(body, set_outputs)
        except Exception as err:  # noqa: BLE001 - an SDP aiortc cannot read: refuse it, free what it took
            log.info("refused a WebRTC offer: %s", type(err).__name__)
            pc = connections.pcs.pop(webrtc_id, None) if isinstance(webrtc_id, str) else None
            if pc is not None:
                await pc.close()
                connections.clean_up(webrtc_id)
            return JSONResponse({"status": "failed", "meta": {"error": "invalid_offer"}})
        pc = connections.pcs.get(webrtc_id) if isinstance(webrtc_id, str) else None
        if isinstance(webrtc_id, str) and body.get("type") == "offer" and pc is not None:
            task = asyncio.create_task(_close_without_invite(connections, rt, webrtc_id, pc))
            tasks.add(task)  # a reference, so the task is not collected while it sleeps
            task.add_done_callback(tasks.discard)
        return answer

    connections.handle_offer = handle_offer
    setattr(connections, _GUARDED, True)


async def _close_without_invite(connections: Any, rt: Runtime, webrtc_id: str, pc: Any) -> None:
    await asyncio.sleep(rt.settings.rtc_invite_timeout_s)
    if connections.pcs.get(webrtc_id) is not pc:
        return  # closed already, or the id now names another connection
    if has_live_invite(rt, connections.handlers.get(webrtc_id)):
        return
    log.info("closing a WebRTC connection that presented no live invite",
             extra={"fields": {"webrtc_id": webrtc_id, "after_s": rt.settings.rtc_invite_timeout_s}})
    try:
        await pc.close()
    finally:
        connections.clean_up(webrtc_id)
        connections.pcs.pop(webrtc_id, None)
