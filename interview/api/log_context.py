"""Per request: a request id, and the session id when the path names one, on every log line
the request writes (``pipelines.logs``). Routes that take an invite token add the session id
when the invite resolves (``interview.candidates``)."""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Receive, Scope, Send

from pipelines.logs import pop_context, push_context

_SESSION_IN_PATH = re.compile(r"/api/sessions/([0-9a-fA-F-]{36})(?:/|$)")


class RequestLogContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = _SESSION_IN_PATH.search(scope.get("path", ""))
        token = push_context(request_id=uuid.uuid4().hex[:12], session_id=found.group(1) if found else None)
        try:
            await self.app(scope, receive, send)
        finally:
            pop_context(token)
