"""Gradio pages. Callbacks are thin: they call interview services and show their messages.

Gradio publishes every event as a named API endpoint (``/gradio_api/info``, gradio_client's
``view_api()``). Only the events a script would drive are published, under the names given at
their call sites (``api_name="create_invite"``, ...); ``publish_only`` turns every other event into
an internal one (``api_name=False``: no name to call it by, not in the API info; the page's own
client still calls it by its id). That covers events added later, and the ones FastRTC's WebRTC
component adds for itself, by default."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import FastAPI

    from interview.runtime import Runtime

CANDIDATE_API = frozenset({"consent", "upload_resume", "skip_resume", "done_answering", "withdraw"})
STAFF_API = frozenset({"sign_in", "create_company", "create_job", "create_invite", "list_candidates", "report",
                       "save_override", "report_pdf", "compare"})


def publish_only(blocks: gr.Blocks, names: frozenset[str]) -> None:
    """Hide every event of ``blocks`` whose api_name is not one of ``names``."""
    for fn in blocks.fns.values():
        if fn.api_name not in names:
            fn.api_name = False
            fn.show_api = False


def mount_ui(app: FastAPI, rt: Runtime) -> None:
    import gradio as gr
    from fastrtc import WebRTC

    from interview.live.invite_guard import require_invite
    from interview.ui.candidate_page import build_candidate_page
    from interview.ui.staff_page import build_staff_page
    from interview.ui.theme import mount_fonts

    mount_fonts(app)  # before the page at "/", which would otherwise answer every path
    candidate = build_candidate_page(rt)
    publish_only(candidate, CANDIDATE_API)
    for block in candidate.blocks.values():
        if isinstance(block, WebRTC):
            require_invite(block, rt)  # no live invite soon after the offer: the connection is closed
    staff = build_staff_page(rt)
    publish_only(staff, STAFF_API)
    # Gradio checks each uploaded file against this while it streams in; who may upload at all is
    # checked before that (interview.api.middleware)
    limit = rt.settings.resume_max_bytes
    for blocks, path in ((candidate, "/interview"), (staff, "/")):
        gr.mount_gradio_app(app, blocks, path=path, max_file_size=limit, show_api=False)
        _unknown_endpoint_is_404(app.routes[-1])


def _unknown_endpoint_is_404(mount: Any) -> None:
    """Gradio answers a call to an unknown (or hidden) api_name with a 500 and a stack trace in the
    log; it is the caller's mistake: 404."""
    from fastapi.responses import JSONResponse
    from gradio.route_utils import FnIndexInferError

    async def not_found(_: Any, __: Exception) -> JSONResponse:
        return JSONResponse({"detail": "there is no such endpoint: see gradio_api/info for the published ones"},
                            status_code=404)

    mount.app.add_exception_handler(FnIndexInferError, not_found)
