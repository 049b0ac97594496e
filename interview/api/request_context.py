"""What every HTTP request gets, in one middleware: a request id, and the session id when the path
names one, on every log line it writes (``pipelines.logs``; routes that take an invite token add
the session id when the invite resolves, ``interview.candidates``), and its latency observed by
route template (``/api/sessions/{session_id}/report``, not the raw path, so the series stay few)."""

from __future__ import annotations

import re
import time
import uuid

from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipelines.logs import pop_context, push_context
from pipelines.metrics import HTTP_SECONDS

_SESSION_IN_PATH = re.compile(r"/api/sessions/([0-9a-fA-F-]{36})(?:/|$)")


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = _SESSION_IN_PATH.search(scope.get("path", ""))
        token = push_context(request_id=uuid.uuid4().hex[:12], session_id=found.group(1) if found else None)
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            template = route.path if isinstance(route, APIRoute) else ("ui" if route is not None else "unmatched")
            HTTP_SECONDS.labels(scope.get("method", ""), template, str(status)).observe(time.perf_counter() - started)
            pop_context(token)
