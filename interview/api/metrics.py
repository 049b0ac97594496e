"""``GET /metrics`` (Prometheus text; admin token) and the middleware that times every HTTP
request by its route template (``/api/sessions/{session_id}/report``, not the raw path, so the
series stay few). The series themselves are in ``pipelines.metrics``."""

from __future__ import annotations

import time

from fastapi import APIRouter, Response
from fastapi.routing import APIRoute
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview.api.deps import AdminUser
from pipelines.metrics import HTTP_SECONDS

router = APIRouter()


@router.get("/metrics", tags=["health"], response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(_: AdminUser) -> Response:
    """This process's metrics. Scrapers without an admin token use ``METRICS_PORT`` instead."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class RequestTimer:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
